package dev.loop.io;

import java.nio.file.Path;

/** {@code EISDIR}: is a directory, not a file. */
public final class IsADirectory extends IoError {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public IsADirectory(String message, Path path, Throwable cause) {
        super("EISDIR", message, path, cause);
    }
}
