package dev.loop.io;

import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.api.Registration;
import dev.loop.spi.LoopContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The events every stream shares, and Node's {@code stream.pipeline}.
 *
 * <p><b>Threads:</b> loop thread only, as the streams.
 */
public final class Streams {

    /** A chunk ({@code 'data'}): a buffer the listeners may keep. */
    public static final Event<ByteBuffer> DATA = Event.named("data");
    /** A readable stream delivered its last chunk ({@code 'end'}). */
    public static final Event<Void> END = Event.named("end");
    /** A writable stream has written what waited, after {@code write} returned false ({@code 'drain'}). */
    public static final Event<Void> DRAIN = Event.named("drain");
    /** A writable stream has written everything after {@code end()} ({@code 'finish'}). */
    public static final Event<Void> FINISH = Event.named("finish");
    /** The error that stopped a stream ({@code 'error'}). */
    public static final Event<Throwable> ERROR = Event.named("error");

    private Streams() {
    }

    /**
     * Pipes {@code source} into {@code destination} ({@code stream.pipeline(source, destination)}):
     * with back pressure (the source pauses while the destination's {@code write} returns false,
     * and resumes on its drain), ending the destination when the source ends. The first error of
     * either destroys both, and the promise rejects with it, once; on success every listener the
     * pipeline added is removed.
     *
     * @param source where the chunks come from
     * @param destination where they go
     * @return a promise fulfilled when the destination has finished
     * @throws IllegalStateException off a loop thread
     */
    public static Promise<Void> pipeline(ReadableStream source, WritableStream destination) {
        return pipeline(source, destination, null);
    }

    /**
     * {@link #pipeline(ReadableStream, WritableStream)} that {@code signal} can abort: both streams
     * are destroyed and the promise rejects with an {@link AbortError}.
     *
     * @param source where the chunks come from
     * @param destination where they go
     * @param signal aborts it; null for none
     * @return a promise fulfilled when the destination has finished
     * @throws IllegalStateException off a loop thread
     */
    public static Promise<Void> pipeline(ReadableStream source, WritableStream destination, AbortSignal signal) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "pipeline must be called on the loop thread that owns its streams"));
        return new Pipe(loop, source, destination).start(signal);
    }

    /** One pipeline's state: its listeners, and whether it has settled. */
    private static final class Pipe {
        private final EventLoop loop;
        private final ReadableStream source;
        private final WritableStream destination;
        private final Promise.Resolvers<Void> result;
        private final List<Registration> registrations = new ArrayList<>();
        private boolean settled;

        Pipe(EventLoop loop, ReadableStream source, WritableStream destination) {
            this.loop = loop;
            this.source = source;
            this.destination = destination;
            this.result = loop.withResolvers();
        }

        Promise<Void> start(AbortSignal signal) {
            if (signal != null && signal.aborted()) {
                fail(AbortError.of(signal));
                return result.promise();
            }
            registrations.add(source.on(ERROR, this::fail));
            registrations.add(destination.on(ERROR, this::fail));
            registrations.add(destination.on(DRAIN, source::resume));
            registrations.add(destination.once(FINISH, this::succeed));
            registrations.add(source.once(END, destination::end));
            if (signal != null) {
                LoopContext context = LoopContext.of(loop);
                registrations.add(signal.whenAborted(() -> {
                    Runnable abort = () -> fail(AbortError.of(signal));
                    if (loop.inLoop()) {
                        abort.run();
                    } else {
                        context.deliverUnlessClosed(abort);
                    }
                }));
            }
            registrations.add(source.on(DATA, chunk -> { // last: it starts the source
                if (!destination.write(chunk)) {
                    source.pause();
                }
            }));
            return result.promise();
        }

        private void succeed() {
            if (!settled) {
                settled = true;
                removeListeners();
                result.resolve(null);
            }
        }

        private void fail(Throwable error) {
            if (!settled) {
                settled = true;
                removeListeners();
                source.destroy();
                destination.destroy();
                result.reject(error);
            }
        }

        private void removeListeners() {
            for (Registration registration : registrations) {
                registration.close();
            }
        }
    }
}
