package dev.loop.io;

import java.nio.file.Path;

/** {@code ENOENT}, "No such file or directory": the path, or a directory on it, does not exist. */
public final class NoSuchFileOrDirectoryException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public NoSuchFileOrDirectoryException(String message, Path path, Throwable cause) {
        super("ENOENT", message, path, cause);
    }
}
