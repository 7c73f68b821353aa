package dev.loop.api;

/**
 * Aborts operations that were given its {@link #signal()}: Node's {@code AbortController}.
 *
 * <pre>{@code
 * AbortController controller = new AbortController();
 * Processes.execFile("sleep", List.of("60"), ExecOptions.defaults().withSignal(controller.signal()))
 *         .catchError(error -> error instanceof AbortError ? "gave up" : rethrow(error));
 * controller.abort();   // the command is killed; the promise rejects with an AbortError
 * }</pre>
 *
 * <p><b>Thread safety:</b> any thread (see {@link AbortSignal}).
 */
public final class AbortController {

    private final AbortSignal signal = new AbortSignal();

    /** A controller whose signal has not aborted. */
    public AbortController() {
    }

    /**
     * The signal to hand to operations.
     *
     * @return the signal
     */
    public AbortSignal signal() {
        return signal;
    }

    /** Aborts with an {@link AbortError} as the reason. Only the first abort counts. */
    public void abort() {
        signal.trigger(null);
    }

    /**
     * Aborts with {@code reason}. Only the first abort counts.
     *
     * @param reason why, handed to every aborted operation's error; null for an {@link AbortError}
     */
    public void abort(Object reason) {
        signal.trigger(reason);
    }
}
