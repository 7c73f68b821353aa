package dev.loop.io;

import java.nio.file.Path;

/** {@code EISDIR}, "Is a directory": the operation needs a file, and the path is a directory. */
public final class IsADirectoryException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public IsADirectoryException(String message, Path path, Throwable cause) {
        super("EISDIR", message, path, cause);
    }
}
