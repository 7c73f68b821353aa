package dev.loop.io;

import java.nio.file.Path;

/** {@code EACCES}: permission denied. */
public final class AccessDenied extends IoError {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public AccessDenied(String message, Path path, Throwable cause) {
        super("EACCES", message, path, cause);
    }
}
