package dev.loop.io;

import java.nio.file.Path;

/**
 * {@code ENOTEMPTY}, "Directory not empty": the directory still has entries. Named after the end
 * of its strerror text because the whole of it would clash with
 * {@link java.nio.file.DirectoryNotEmptyException}, which the JDK throws for the same case and
 * which becomes this exception's cause.
 */
public final class NotEmptyException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error for {@code path}.
     *
     * @param message what happened
     * @param path the file
     * @param cause the JDK's exception, or null
     */
    public NotEmptyException(String message, Path path, Throwable cause) {
        super("ENOTEMPTY", message, path, cause);
    }
}
