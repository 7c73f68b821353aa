package dev.loop.api;

import java.time.Duration;
import java.util.function.Function;

/**
 * Node's {@code timers/promises}: a timer or an immediate as a promise, which a signal can abort.
 * What {@link EventLoop#delay} and {@link EventLoop#immediate} do.
 */
final class PromiseTimers {

    private PromiseTimers() {
    }

    /**
     * A promise settled by a handle that {@code arm} makes: with {@code value} when it runs, or with
     * an {@link AbortError} when {@code signal} aborts first (the handle is then closed, from
     * whatever thread aborts: handles and resolvers allow that). A null signal never aborts.
     */
    static <T> Promise<T> settleOnce(EventLoop loop, T value, AbortSignal signal, Function<Runnable, Handle> arm) {
        Promise.Resolvers<T> result = loop.withResolvers();
        if (signal == null) {
            arm.apply(() -> result.resolve(value));
            return result.promise();
        }
        if (signal.aborted()) {
            result.reject(AbortError.of(signal));
            return result.promise();
        }
        Registration[] abort = new Registration[1];
        Handle handle = arm.apply(() -> {
            abort[0].close();
            result.resolve(value);
        });
        abort[0] = signal.whenAborted(() -> Aborts.onLoop(loop, () -> { // at once if it aborted since the check
            result.reject(AbortError.of(signal));
            handle.close();
        }));
        return result.promise();
    }

    static <T> Promise<T> delay(EventLoop loop, Duration delay, T value, AbortSignal signal) {
        long millis = Delays.toMillis(delay);
        return settleOnce(loop, value, signal, callback -> loop.setTimeout(callback, millis));
    }

    static <T> Promise<T> immediate(EventLoop loop, T value, AbortSignal signal) {
        return settleOnce(loop, value, signal, loop::setImmediate);
    }
}
