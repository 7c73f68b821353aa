package dev.loop.api;

/**
 * A value cannot cross a thread or process boundary (the HTML spec's {@code DataCloneError}): it
 * is not a structured value, or it holds something that is not. The message names the offending
 * path, such as {@code $.items[3].owner}.
 */
public final class DataCloneException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Where in the value the problem is. */
    private final String path;

    /**
     * An error at {@code path}.
     *
     * @param path where, from {@code $} (the value itself)
     * @param message what is wrong there, and what to do
     */
    public DataCloneException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    /**
     * Where in the value the problem is, such as {@code $.items[3].owner}.
     *
     * @return the path
     */
    public String path() {
        return path;
    }
}
