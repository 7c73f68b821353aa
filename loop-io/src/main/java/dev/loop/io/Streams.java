package dev.loop.io;

import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.EventSource;
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

    /**
     * A chunk ({@code 'data'}): a buffer the listeners may keep. Every listener of one chunk gets
     * the same buffer, its position included: a listener that reads it while others may too reads
     * with absolute gets or from a {@code duplicate()} (a pipeline's link writes a view of its own).
     */
    public static final Event<ByteBuffer> DATA = Event.named("data");
    /** A readable stream delivered its last chunk ({@code 'end'}). */
    public static final Event<Void> END = Event.named("end");
    /** A writable stream has written what waited, after {@code write} returned false ({@code 'drain'}). */
    public static final Event<Void> DRAIN = Event.named("drain");
    /** A writable stream has written everything after {@code end()} ({@code 'finish'}). */
    public static final Event<Void> FINISH = Event.named("finish");
    /** The error that stopped a stream ({@code 'error'}). */
    public static final Event<Throwable> ERROR = Event.named("error");
    /** A stream released what it held, after its end, its error or its destruction ({@code 'close'}). */
    public static final Event<Void> CLOSE = Event.named("close");

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
     * {@link #pipeline(ReadableStream, WritableStream)} that {@code signal} can abort: every stream
     * is destroyed and the promise rejects with an {@link AbortError}.
     *
     * @param source where the chunks come from
     * @param destination where they go
     * @param signal aborts it; null for none
     * @return a promise fulfilled when the destination has finished
     * @throws IllegalStateException off a loop thread
     */
    public static Promise<Void> pipeline(ReadableStream source, WritableStream destination, AbortSignal signal) {
        return pipeline(source, List.of(), destination, signal);
    }

    /**
     * {@code stream.pipeline(source, ...transforms, destination)}: each stage pipes into the next,
     * each with its own back pressure; the first error of any stage (or the abort) destroys every
     * stream and rejects the promise with it, once.
     *
     * @param source where the chunks come from
     * @param transforms the stages between, in order ({@link #transform})
     * @param destination where they go
     * @param signal aborts it; null for none
     * @return a promise fulfilled when the destination has finished
     * @throws IllegalStateException off a loop thread
     */
    public static Promise<Void> pipeline(ReadableStream source, List<TransformStream> transforms,
            WritableStream destination, AbortSignal signal) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "pipeline must be called on the loop thread that owns its streams"));
        return new Pipe(loop, source, List.copyOf(transforms), destination).start(signal);
    }

    /**
     * Destroys {@code stream} when {@code signal} aborts (Node's {@code stream.addAbortSignal}):
     * its error listeners get an {@link AbortError} carrying the reason, on the next tick, then its
     * close event follows, as for any destroyed stream. A signal that has aborted already does so
     * at once; an abort on another thread is handed to the stream's loop; an abort after the
     * stream closed does nothing. {@link Socket}s, file and pipe streams and transforms all take one.
     *
     * @param signal what aborts it
     * @param stream a {@link ReadableStream} or a {@link WritableStream}
     * @param <S> the stream's type
     * @return {@code stream}
     * @throws IllegalArgumentException if {@code stream} is neither
     * @throws IllegalStateException off a loop thread
     */
    public static <S extends EventSource> S addAbortSignal(AbortSignal signal, S stream) {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(stream, "stream");
        if (!(stream instanceof ReadableStream) && !(stream instanceof WritableStream)) {
            throw new IllegalArgumentException("addAbortSignal takes a ReadableStream or a WritableStream (a file, pipe or"
                    + " transform stream, or a Socket), not a " + stream.getClass().getName());
        }
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "addAbortSignal must be called on the loop thread that owns the stream"));
        if (stream instanceof Socket socket) {
            socket.abortOn(signal); // destroyed with the error, then close(hadError), as Node's
            return stream;
        }
        boolean[] closed = {false};
        Runnable abort = () -> {
            if (closed[0]) {
                return;
            }
            AbortError error = AbortError.of(signal);
            loop.nextTick(() -> stream.emitter().emit(ERROR, error)); // queued before the close destroy() may queue
            if (stream instanceof ReadableStream readable) {
                readable.destroy();
            } else {
                ((WritableStream) stream).destroy();
            }
        };
        LoopContext context = LoopContext.of(loop);
        Registration registration = signal.whenAborted(() -> {
            if (loop.inLoop()) {
                abort.run();
            } else {
                context.deliverUnlessClosed(abort); // a loop that closed has closed its streams
            }
        });
        Runnable whenClosed = () -> {
            closed[0] = true;
            registration.close();
        };
        if (stream instanceof ReadableStream readable) {
            readable.whenClosed(whenClosed);
        } else {
            ((WritableStream) stream).whenClosed(whenClosed);
        }
        return stream;
    }

    /**
     * A stage that maps each chunk with {@code function} (Node's {@code Transform}), on the
     * calling loop: return the chunk to pass it on, another buffer to replace it, or null or an
     * empty buffer to drop it; an exception is the stage's error.
     *
     * @param function maps a chunk
     * @return the stage
     * @throws IllegalStateException off a loop thread
     */
    public static TransformStream transform(java.util.function.Function<ByteBuffer, ByteBuffer> function) {
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "a transform belongs to the loop of the calling thread: create it on a loop thread"));
        return new TransformStream(loop, function);
    }

    /** One pipeline's state: its stages, its listeners, and whether it has settled. */
    private static final class Pipe {
        private final EventLoop loop;
        private final List<ReadableStream> readers = new ArrayList<>();
        private final List<WritableStream> writers = new ArrayList<>();
        private final Promise.Resolvers<Void> result;
        private final List<Registration> registrations = new ArrayList<>();
        private boolean settled;
        /** Readers that have emitted their end. */
        private int ended;
        /** The destination has finished. */
        private boolean finished;

        Pipe(EventLoop loop, ReadableStream source, List<TransformStream> transforms, WritableStream destination) {
            this.loop = loop;
            this.readers.add(source);
            this.readers.addAll(transforms);
            this.writers.addAll(transforms);
            this.writers.add(destination);
            this.result = loop.withResolvers();
        }

        Promise<Void> start(AbortSignal signal) {
            if (signal != null && signal.aborted()) {
                fail(AbortError.of(signal));
                return result.promise();
            }
            for (ReadableStream reader : readers) {
                registrations.add(reader.on(ERROR, this::fail));
            }
            WritableStream destination = writers.getLast();
            registrations.add(destination.on(ERROR, this::fail));
            registrations.add(destination.once(FINISH, () -> {
                finished = true;
                succeedIfDone();
            }));
            boolean[] endedHere = new boolean[readers.size()];
            for (int i = 0; i < readers.size(); i++) {
                int stage = i;
                registrations.add(readers.get(i).once(END, () -> {
                    endedHere[stage] = true;
                    ended++;
                    succeedIfDone();
                }));
                // a close before its own end: destroyed from outside
                registrations.add(readers.get(i).whenClosed(() -> prematureUnless(endedHere[stage])));
            }
            registrations.add(destination.whenClosed(() -> prematureUnless(finished)));
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
                if (settled) {
                    return result.promise(); // it aborted as the listener was added: nothing more to link
                }
            }
            for (int i = readers.size() - 1; i >= 0; i--) { // the source last: its data listener starts it
                connect(readers.get(i), writers.get(i));
            }
            return result.promise();
        }

        /** One link: the reader pauses while the writer pushes back, and ends it at its end. */
        private void connect(ReadableStream reader, WritableStream writer) {
            registrations.add(writer.on(DRAIN, reader::resume));
            registrations.add(reader.once(END, writer::end));
            if (reader instanceof FileReadStream lender && writer instanceof FileWriteStream returner
                    && lender.chunkPool() == returner.chunkPool()) {
                // A chunk only this link sees is a pooled buffer, given back once written.
                registrations.add(reader.on(DATA, chunk -> {
                    if (!(lender.lent(chunk) ? returner.writeLent(chunk) : returner.write(ownView(chunk)))) {
                        reader.pause();
                    }
                }));
                lender.lendChunks(true);
                registrations.add(() -> lender.lendChunks(false));
                return;
            }
            registrations.add(reader.on(DATA, chunk -> {
                if (!writer.write(ownView(chunk))) {
                    reader.pause();
                }
            }));
        }

        /**
         * The chunk for the writer, whose write moves its position on a pool thread: a view of its
         * own, so that the cursor of any other listener of the chunk never moves under it (one that
         * has already run and removed itself counts too, so the listeners left cannot tell).
         */
        private static ByteBuffer ownView(ByteBuffer chunk) {
            return chunk.duplicate();
        }

        /**
         * Settles when every reader has ended and the destination has finished (Node counts them
         * the same way): a destination that finishes first (a socket whose peer ended it) left
         * readers unfinished, and that is a premature close.
         */
        private void succeedIfDone() {
            if (finished && ended == readers.size() && !settled) {
                settled = true;
                removeListeners();
                result.resolve(null);
            } else if (finished) {
                prematureUnless(false);
            }
        }

        private void prematureUnless(boolean done) {
            if (!done) {
                fail(new ErrnoException("ERR_STREAM_PREMATURE_CLOSE", "Premature close: a stream of the pipeline"
                        + " closed or finished before the data ended (destroyed from outside, or its peer ended it)",
                        null, null));
            }
        }

        private void fail(Throwable error) {
            if (!settled) {
                settled = true;
                removeListeners();
                for (ReadableStream reader : readers) {
                    reader.destroy();
                }
                writers.getLast().destroy();
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
