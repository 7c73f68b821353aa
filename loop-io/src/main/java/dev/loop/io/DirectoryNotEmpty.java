package dev.loop.io;

import java.nio.file.Path;

/** {@code ENOTEMPTY}: directory not empty. */
public final class DirectoryNotEmpty extends IoError {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public DirectoryNotEmpty(String message, Path path, Throwable cause) {
        super("ENOTEMPTY", message, path, cause);
    }
}
