package dev.loop.value;

/**
 * A value cannot cross a thread or process boundary (the HTML spec's {@code DataCloneError}): it
 * is not a structured value, it holds something that is not, its transfer list is wrong, or it
 * could not be rebuilt on the receiving side. The message names the offending path, such as
 * {@code $.items[3].owner}.
 */
public final class DataCloneException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Where in the value the problem is; grows at the front while the error unwinds the walk. */
    private String path;
    private final String detail;

    /**
     * An error at {@code path}.
     *
     * @param path where, from {@code $} (the value itself)
     * @param detail what is wrong there, and what to do
     */
    public DataCloneException(String path, String detail) {
        super(detail);
        this.path = path;
        this.detail = detail;
    }

    /**
     * An error at {@code path} with a cause.
     *
     * @param path where, from {@code $} (the value itself)
     * @param detail what is wrong there, and what to do
     * @param cause what was thrown there
     */
    public DataCloneException(String path, String detail, Throwable cause) {
        super(detail, cause);
        this.path = path;
        this.detail = detail;
    }

    /**
     * Where in the value the problem is, such as {@code $.items[3].owner}.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    @Override
    public String getMessage() {
        return path + ": " + detail;
    }

    /** Moves the error one level down: {@code $.x} inside {@code segment} becomes {@code $<segment>.x}. */
    DataCloneException inside(String segment) {
        path = "$" + segment + path.substring(1);
        return this;
    }
}
