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
}
