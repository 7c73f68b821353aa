package dev.loop.io;

import java.nio.file.Path;

/** {@code ENOENT}: no such file or directory. */
public final class NoSuchFile extends IoError {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public NoSuchFile(String message, Path path, Throwable cause) {
        super("ENOENT", message, path, cause);
    }
}
