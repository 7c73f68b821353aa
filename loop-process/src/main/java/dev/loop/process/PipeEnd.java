package dev.loop.process;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.spi.LoopContext;
import java.util.function.Consumer;

/**
 * What a child's read stream and write stream share: the pipe, the loop and its keep-alive handle,
 * the stream's listeners (with the error and close events both have), and the hook that tells the
 * child a pipe closed (its close event waits for them all).
 *
 * <p><b>Thread safety:</b> loop thread only, as the streams.
 */
final class PipeEnd {

    /** What {@code activeResources()} lists an open pipe to a child as. */
    static final dev.loop.api.ResourceKind KIND = dev.loop.api.ResourceKind.of("Pipe");

    /** Reading or writing failed ({@code 'error'}); close follows. Without a listener it is logged. */
    static final Event<Throwable> ERROR = dev.loop.io.Streams.ERROR;
    /** The pipe is closed, the last event ({@code 'close'}). */
    static final Event<Void> CLOSE = dev.loop.io.Streams.CLOSE;

    final EventLoop loop;
    final LoopContext context;
    final String name;
    final PipeFd pipe;
    /** Referenced while the stream has work in flight; closed with the pipe. */
    final Handle keepAlive;
    private final Runnable closedHook;
    /** The stream's listeners. */
    final Emitter events;

    /**
     * @param loop the owning loop
     * @param fd the parent's end of the pipe, which this now owns
     * @param name the stream's name in messages ({@code "stdout of ls"})
     * @param closedHook tells the child this pipe closed
     * @param ready the stream's handler for readiness, run on the loop as a task
     * @param changed the stream's hook for listeners added or removed, or null
     */
    PipeEnd(EventLoop loop, int fd, String name, Runnable closedHook, Runnable ready, Consumer<Event<?>> changed) {
        this.loop = loop;
        this.context = LoopContext.of(loop);
        this.name = name;
        this.closedHook = closedHook;
        this.pipe = new PipeFd(context, fd, ready);
        this.keepAlive = loop.keepAlive(KIND).unref();
        this.events = new Emitter(changed);
    }

    /** Closes the pipe and drops the keep-alive; the caller then emits close, now or soon. */
    void closePipe() {
        pipe.close();
        keepAlive.close();
    }

    /** The close event: the listeners, then the child's bookkeeping. */
    void emitClose() {
        events.emit(CLOSE);
        closedHook.run();
    }

    /** Gives an error to the error listeners, or logs it when there are none. */
    void report(Throwable error) {
        if (!events.emit(ERROR, error)) {
            System.getLogger(PipeEnd.class.getName()).log(System.Logger.Level.WARNING, name + ": " + error.getMessage());
        }
    }

    void checkLoopThread() {
        if (!loop.inLoop()) {
            throw new IllegalStateException(name + " must be used on its loop's thread, " + loop);
        }
    }

    @Override
    public String toString() {
        return name + ", " + pipe;
    }
}
