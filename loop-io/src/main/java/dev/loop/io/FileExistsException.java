package dev.loop.io;

import java.nio.file.Path;

/** {@code EEXIST}, "File exists": something already exists at the path. */
public final class FileExistsException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public FileExistsException(String message, Path path, Throwable cause) {
        super("EEXIST", message, path, cause);
    }
}
