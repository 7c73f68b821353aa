package dev.loop.io;

import java.nio.file.Path;

/**
 * {@code ENOSPC}, "No space left on device": the file system is full (or the user's quota is
 * used up). Free space, or write somewhere else; the file may hold part of what was written.
 */
public final class NoSpaceLeftOnDeviceException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file, or null
     * @param cause the JDK's exception, or null
     */
    public NoSpaceLeftOnDeviceException(String message, Path path, Throwable cause) {
        super("ENOSPC", message, path, cause);
    }
}
