package dev.loop.io;

import java.nio.file.Path;

/**
 * {@code ENOTDIR}, "Not a directory": the operation needs a directory, and the path (or a part of
 * it) is not one.
 */
public final class NotADirectoryException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public NotADirectoryException(String message, Path path, Throwable cause) {
        super("ENOTDIR", message, path, cause);
    }
}
