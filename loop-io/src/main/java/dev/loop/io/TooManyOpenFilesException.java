package dev.loop.io;

import java.nio.file.Path;

/**
 * {@code EMFILE}, "Too many open files": this process has as many file descriptors open as its
 * limit ({@code ulimit -n}) allows; or {@code ENFILE}, "Too many open files in system": the whole
 * system has. One type for both, since a caller handles them alike: close what it does not need,
 * wait, or raise the limit. {@link #code()} tells which. A {@link Server} that gets one while
 * accepting reports it, waits briefly and accepts again.
 */
public final class TooManyOpenFilesException extends ErrnoException {

    private static final long serialVersionUID = 1L;

    /**
     * The error.
     *
     * @param code {@code EMFILE} (this process's limit) or {@code ENFILE} (the system's)
     * @param message what happened, naming the path or address
     * @param path the file, or null
     * @param cause the JDK's exception, or null
     * @throws IllegalArgumentException if {@code code} is neither
     */
    public TooManyOpenFilesException(String code, String message, Path path, Throwable cause) {
        super(requireCode(code), message, path, cause);
    }

    private static String requireCode(String code) {
        if (!"EMFILE".equals(code) && !"ENFILE".equals(code)) {
            throw new IllegalArgumentException("code must be EMFILE or ENFILE, got " + code);
        }
        return code;
    }
}
