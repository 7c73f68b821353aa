package dev.loop.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code Promise.all/allSettled/any/race}, written against the {@link Promise} interface alone so
 * every implementation shares them. Loop thread only: the counters below are plain fields because
 * every reaction runs on the owning loop.
 */
final class Combinators {

    private Combinators() {
    }

    static <T> Promise<List<T>> all(EventLoop loop, List<? extends Promise<? extends T>> promises) {
        Promise.Resolvers<List<T>> result = start(loop, promises);
        int n = promises.size();
        if (n == 0) {
            result.resolve(List.of());
            return result.promise();
        }
        Object[] values = new Object[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            promises.get(i).then(value -> {
                values[index] = value;
                if (--remaining[0] == 0) {
                    result.resolve(unmodifiable(values));
                }
                return null;
            }, reason -> {
                result.reject(reason);
                return null;
            });
        }
        return result.promise();
    }

    static <T> Promise<List<Promise.Settled<T>>> allSettled(EventLoop loop, List<? extends Promise<? extends T>> promises) {
        Promise.Resolvers<List<Promise.Settled<T>>> result = start(loop, promises);
        int n = promises.size();
        if (n == 0) {
            result.resolve(List.of());
            return result.promise();
        }
        Object[] outcomes = new Object[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            promises.get(i).then(value -> {
                outcomes[index] = new Promise.Settled<T>(Promise.State.FULFILLED, value, null);
                if (--remaining[0] == 0) {
                    result.resolve(unmodifiable(outcomes));
                }
                return null;
            }, reason -> {
                outcomes[index] = new Promise.Settled<T>(Promise.State.REJECTED, null, reason);
                if (--remaining[0] == 0) {
                    result.resolve(unmodifiable(outcomes));
                }
                return null;
            });
        }
        return result.promise();
    }

    static <T> Promise<T> any(EventLoop loop, List<? extends Promise<? extends T>> promises) {
        Promise.Resolvers<T> result = start(loop, promises);
        int n = promises.size();
        if (n == 0) {
            result.reject(new AggregateException("All promises were rejected (none were given)", List.of()));
            return result.promise();
        }
        Throwable[] reasons = new Throwable[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            promises.get(i).then(value -> {
                result.resolve(value);
                return null;
            }, reason -> {
                reasons[index] = reason;
                if (--remaining[0] == 0) {
                    result.reject(new AggregateException("All promises were rejected", Arrays.asList(reasons)));
                }
                return null;
            });
        }
        return result.promise();
    }

    static <T> Promise<T> race(EventLoop loop, List<? extends Promise<? extends T>> promises) {
        Promise.Resolvers<T> result = start(loop, promises);
        for (Promise<? extends T> promise : promises) {
            promise.then(value -> {
                result.resolve(value);
                return null;
            }, reason -> {
                result.reject(reason);
                return null;
            });
        }
        return result.promise();
    }

    private static <R> Promise.Resolvers<R> start(EventLoop loop, List<?> promises) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(promises, "promises");
        for (int i = 0; i < promises.size(); i++) {
            Objects.requireNonNull(promises.get(i), () -> "promises contains null");
        }
        return loop.withResolvers();
    }

    @SuppressWarnings("unchecked") // each slot holds the value of the promise at the same index
    private static <E> List<E> unmodifiable(Object[] elements) {
        List<E> list = new ArrayList<>(elements.length);
        for (Object element : elements) {
            list.add((E) element);
        }
        return java.util.Collections.unmodifiableList(list);
    }
}
