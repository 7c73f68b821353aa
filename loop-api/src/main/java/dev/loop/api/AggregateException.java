package dev.loop.api;

import java.io.Serial;
import java.util.List;

/**
 * Every promise given to {@link Promise#any} was rejected (JavaScript's {@code AggregateError}).
 * The reasons are kept in input order and also attached as suppressed exceptions.
 *
 * <p><b>Thread safety:</b> immutable once thrown; any thread.
 */
public final class AggregateException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<Throwable> errors;

    /**
     * Collects rejection reasons.
     *
     * @param message what failed
     * @param errors the reasons, in input order
     */
    public AggregateException(String message, List<Throwable> errors) {
        super(message);
        this.errors = List.copyOf(errors);
        for (Throwable error : this.errors) {
            addSuppressed(error);
        }
    }

    /**
     * The rejection reasons, in input order.
     *
     * @return the reasons
     */
    public List<Throwable> errors() {
        return errors == null ? List.of() : errors;
    }
}
