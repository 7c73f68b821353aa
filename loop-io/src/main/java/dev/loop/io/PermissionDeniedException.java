package dev.loop.io;

import java.nio.file.Path;

/**
 * {@code EACCES}, "Permission denied": the file's permissions forbid the operation to this user.
 */
public final class PermissionDeniedException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public PermissionDeniedException(String message, Path path, Throwable cause) {
        super("EACCES", message, path, cause);
    }
}
