package dev.loop.io;

import java.nio.file.Path;

/** {@code EEXIST}: file already exists. */
public final class FileAlreadyExists extends IoError {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public FileAlreadyExists(String message, Path path, Throwable cause) {
        super("EEXIST", message, path, cause);
    }
}
