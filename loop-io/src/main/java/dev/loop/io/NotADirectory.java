package dev.loop.io;

import java.nio.file.Path;

/** {@code ENOTDIR}: not a directory. */
public final class NotADirectory extends IoError {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public NotADirectory(String message, Path path, Throwable cause) {
        super("ENOTDIR", message, path, cause);
    }
}
