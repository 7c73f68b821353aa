package dev.loop.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * Says that an operation should stop: Node's {@code AbortSignal}. Operations that take one (the
 * process module's {@code spawn}, {@code execFile}, {@code exec} and {@code fork}) end when it
 * aborts, and report an {@link AbortError} carrying its {@link #reason()}.
 *
 * <p><b>Listeners</b> run once, on the thread that aborts, in the order they were added; a
 * listener added or removed while they run does not change that abort's list (it works on a
 * snapshot, as Node's event dispatch does), and one added after the abort never runs. An
 * operation of this library that listens hands the abort to its own loop.
 *
 * <p><b>Thread safety:</b> any thread. Happens-before: what a thread did before it aborted is
 * visible to each listener, and to any thread that then sees {@link #aborted()} return true.
 */
public final class AbortSignal {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean aborted;
    /** Written before {@link #aborted} is set, read after it is seen: the volatile orders it. */
    private Object reason;

    AbortSignal() {
    }

    /**
     * A signal that has already aborted.
     *
     * @param reason the reason; null for an {@link AbortError}
     * @return the signal
     */
    public static AbortSignal abort(Object reason) {
        AbortSignal signal = new AbortSignal();
        signal.trigger(reason);
        return signal;
    }

    /**
     * A signal that aborts after {@code timeout}, with a {@link TimeoutException} as its reason,
     * timed by the calling loop (a timer that does not keep it alive, as in Node).
     *
     * @param timeout how long until it aborts
     * @return the signal
     * @throws IllegalStateException off a loop thread
     */
    public static AbortSignal timeout(Duration timeout) {
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "AbortSignal.timeout must be called on a loop thread: that loop's timer aborts it"));
        AbortSignal signal = new AbortSignal();
        loop.setTimeout(() -> signal.trigger(new TimeoutException("The operation was aborted due to timeout")),
                Math.max(1, timeout.toMillis())).unref();
        return signal;
    }

    /**
     * A signal that aborts when the first of {@code signals} does, with its reason.
     *
     * @param signals the signals
     * @return the signal
     */
    public static AbortSignal any(AbortSignal... signals) {
        AbortSignal any = new AbortSignal();
        for (AbortSignal signal : signals) {
            if (signal.aborted()) {
                any.trigger(signal.reason());
                return any;
            }
        }
        for (AbortSignal signal : signals) {
            signal.onAbort(() -> any.trigger(signal.reason()));
        }
        return any;
    }

    /**
     * Whether it has aborted.
     *
     * @return true once aborted
     */
    public boolean aborted() {
        return aborted;
    }

    /**
     * Why it aborted.
     *
     * @return the reason, or null while it has not aborted
     */
    public Object reason() {
        return aborted ? reason : null;
    }

    /**
     * Throws if it has aborted: Node's {@code throwIfAborted()}.
     *
     * @throws AbortError carrying the reason
     */
    public void throwIfAborted() {
        if (aborted) {
            throw new AbortError("This operation was aborted", reason);
        }
    }

    /**
     * Adds a listener for the abort: Node's {@code addEventListener('abort', listener)}.
     *
     * @param listener runs once, on the aborting thread
     * @return its registration; close it when the operation is over
     */
    public Registration onAbort(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        Runnable once = listener::run; // a registration of its own, even for a listener added twice
        synchronized (this) {
            if (!aborted) {
                listeners.add(once);
            }
        }
        return () -> listeners.remove(once);
    }

    /**
     * Adds a listener that runs once when this signal aborts, or at once, on the calling thread, if
     * it already has: for an operation that must stop whether the abort came before it started or
     * while it runs, with no window between a check and a listener.
     *
     * @param listener runs once: now, or on the aborting thread
     * @return its registration; close it when the operation is over
     */
    public Registration whenAborted(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        Runnable once = listener::run;
        synchronized (this) {
            if (!aborted) {
                listeners.add(once);
                return () -> listeners.remove(once);
            }
        }
        listener.run(); // aborted already: the listener list was handed out, and will not run it
        return () -> { };
    }

    void trigger(Object why) {
        List<Runnable> snapshot;
        synchronized (this) {
            if (aborted) {
                return;
            }
            reason = why != null ? why : new AbortError("This operation was aborted", null);
            aborted = true;
            snapshot = List.copyOf(listeners);
            listeners.clear();
        }
        RuntimeException first = null;
        for (Runnable listener : snapshot) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first; // every listener ran; the first failure reaches the aborting caller
        }
    }

    @Override
    public String toString() {
        return aborted ? "AbortSignal[aborted: " + reason + "]" : "AbortSignal[not aborted]";
    }
}
