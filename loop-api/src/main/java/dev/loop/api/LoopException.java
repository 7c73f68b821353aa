package dev.loop.api;

import java.io.Serial;
import java.util.List;

/**
 * A loop failed: a callback threw and no {@link UncaughtErrorHandler} took it, or the loop could not
 * be created. Thrown by {@link EventLoop#run()} after the loop has closed its handles.
 *
 * <p><b>Thread safety:</b> immutable once thrown; any thread.
 */
public class LoopException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Tasks that were accepted from other threads but never ran because the loop failed. */
    private final transient List<Runnable> unrunTasks;

    /**
     * A failure with a message only.
     *
     * @param message what went wrong and what to do
     */
    public LoopException(String message) {
        this(message, null, List.of());
    }

    /**
     * A failure with a cause.
     *
     * @param message what went wrong
     * @param cause the underlying error
     */
    public LoopException(String message, Throwable cause) {
        this(message, cause, List.of());
    }

    /**
     * A failure that left accepted tasks unrun.
     *
     * @param message what went wrong
     * @param cause the underlying error
     * @param unrunTasks tasks accepted by {@link EventLoop#execute} that never ran
     */
    public LoopException(String message, Throwable cause, List<Runnable> unrunTasks) {
        super(message, cause);
        this.unrunTasks = List.copyOf(unrunTasks);
    }

    /**
     * Tasks accepted by {@link EventLoop#execute} that never ran because the loop failed first,
     * in the order they would have run; nothing is dropped silently.
     *
     * @return the unrun tasks, possibly empty
     */
    public List<Runnable> unrunTasks() {
        return unrunTasks == null ? List.of() : unrunTasks;
    }
}
