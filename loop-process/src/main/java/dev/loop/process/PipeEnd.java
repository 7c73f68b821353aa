package dev.loop.process;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.spi.LoopContext;
import java.util.function.Consumer;

/**
 * What a child's read stream and write stream share: the pipe, the loop and its keep-alive handle,
 * the error and close listeners, and the hook that tells the child a pipe closed (its close event
 * waits for them all).
 *
 * <p><b>Thread safety:</b> loop thread only, as the streams.
 */
final class PipeEnd {

    final EventLoop loop;
    final LoopContext context;
    final String name;
    final PipeFd pipe;
    /** Referenced while the stream has work in flight; closed with the pipe. */
    final Handle keepAlive;
    private final Runnable closedHook;
    Consumer<Throwable> onError;
    Runnable onClose;

    /**
     * @param loop the owning loop
     * @param fd the parent's end of the pipe, which this now owns
     * @param name the stream's name in messages ({@code "stdout of ls"})
     * @param closedHook tells the child this pipe closed
     * @param ready the stream's handler for readiness, run on the loop as a task
     */
    PipeEnd(EventLoop loop, int fd, String name, Runnable closedHook, Runnable ready) {
        this.loop = loop;
        this.context = LoopContext.of(loop);
        this.name = name;
        this.closedHook = closedHook;
        this.pipe = new PipeFd(context, fd, ready);
        this.keepAlive = loop.keepAlive().unref();
    }

    /** Closes the pipe and drops the keep-alive; the caller then emits close, now or soon. */
    void closePipe() {
        pipe.close();
        keepAlive.close();
    }

    /** The close event: the listener, then the child's bookkeeping. */
    void emitClose() {
        if (onClose != null) {
            onClose.run();
        }
        closedHook.run();
    }

    /** Gives an error to the error listener, or logs it when there is none. */
    void report(Throwable error) {
        if (onError != null) {
            onError.accept(error);
        } else {
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
