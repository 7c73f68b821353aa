package dev.loop.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An I/O operation failed: Node's {@code ErrnoException}. Like Node's system errors it carries a
 * {@link #code()} ({@code ENOENT}, {@code EACCES}, ...) and, for file operations, the
 * {@link #path()}; the subclasses name the common cases so that callers can catch them by type,
 * each after the system's text for its code ({@code strerror}): {@code ENOENT} is
 * {@link NoSuchFileOrDirectoryException}. The cause is the JDK's exception.
 */
public class ErrnoException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Node's error code, such as {@code ENOENT}. */
    private final String code;
    /** The file, if any; not serialized ({@link Path} is not serializable). */
    private final transient Path path;

    /**
     * An error with a code.
     *
     * @param code Node's error code, such as {@code EIO}
     * @param message what happened, and what to do about it when that is clear
     * @param path the file involved, or null
     * @param cause the underlying exception, or null
     */
    public ErrnoException(String code, String message, Path path, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.path = path;
    }

    /**
     * Node's error code.
     *
     * @return the code, such as {@code ENOENT}
     */
    public String code() {
        return code;
    }

    /**
     * The file the operation was about.
     *
     * @return the path, or null for errors that are not about a file
     */
    public Path path() {
        return path;
    }

    /**
     * How the API reports a backend's failure of a file operation: a JDK {@link IOException} with a
     * known cause becomes the {@code ErrnoException} of Node's code (ENOENT, EACCES, EEXIST, ...),
     * naming {@code operation} and {@code path}; anything else, including an
     * {@code ErrnoException}, is returned as it is. A backend may fail its completions with plain
     * JDK exceptions and rely on this.
     *
     * @param failure what the backend failed a completion with
     * @param operation the operation, such as {@code "open"}
     * @param path the file
     * @return the error users see
     */
    public static Throwable fromFileFailure(Throwable failure, String operation, Path path) {
        return ErrnoExceptions.map(failure, operation, path);
    }

    /**
     * How the API reports a backend's failure of a network operation, as
     * {@link #fromFileFailure} does for files (ECONNREFUSED, ECONNRESET, EADDRINUSE, ...).
     *
     * @param failure what the backend failed a completion with
     * @param operation the operation, such as {@code "connect"}
     * @param address the socket address, or a description of the connection
     * @return the error users see
     */
    public static Throwable fromNetFailure(Throwable failure, String operation, Object address) {
        return ErrnoExceptions.mapNet(failure, operation, address);
    }
}
