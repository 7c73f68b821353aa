package dev.loop.process;

import dev.loop.api.EventLoop;
import dev.loop.process.ipc.ChannelEnd;
import dev.loop.process.ipc.Control;
import dev.loop.process.launch.ChildProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * What a forked child knows of its parent: whether it is one, and the {@link ParentPort} to talk
 * to it (Node's {@code process.send} and {@code process.connected}).
 *
 * <p><b>Thread safety:</b> {@link #isChild()} from any thread; {@link #parentPort()} on a loop
 * thread.
 */
public final class ChildContext {

    private static ParentPort port;

    private ChildContext() {
    }

    /**
     * Whether this JVM was started by {@link Processes#fork}.
     *
     * @return true in a forked child
     */
    public static boolean isChild() {
        return System.getProperty(ChildProperties.CHANNEL) != null;
    }

    /**
     * Runs a child that answers each of its parent's messages with {@code job}'s result, on a loop
     * of its own on the calling thread, until the parent disconnects: Node's
     * {@code process.on('message', m => process.send(job(m)))}. Call it from the child's main.
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     ChildContext.answerEach(data -> process(data));
     * }
     * }</pre>
     *
     * @param job makes the answer to one message: a structured value
     * @throws IllegalStateException when this JVM is not a forked child
     */
    public static void answerEach(java.util.function.Function<Object, ?> job) {
        java.util.Objects.requireNonNull(job, "job");
        try (EventLoop loop = EventLoop.create()) {
            loop.run(() -> {
                ParentPort parent = parentPort();
                parent.onMessage(message -> parent.send(job.apply(message)));
            });
        }
    }

    /**
     * The channel to the parent, bound to the calling loop on the first call; later calls from
     * the same loop return the same port. Messages the parent sent before wait for it.
     *
     * @return the port
     * @throws IllegalStateException when this JVM is not a forked child, off a loop thread, or on a
     *     different loop than the first call's (one loop holds the channel)
     */
    public static synchronized ParentPort parentPort() {
        if (!isChild()) {
            throw new IllegalStateException("this JVM was not started by Processes.fork, so it has no parent port");
        }
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "ChildContext.parentPort() must be called on a loop thread: the port's events run on that loop"));
        if (port != null) {
            if (port.loop() != loop) {
                throw new IllegalStateException("the parent port is bound to another loop already; use it from that loop");
            }
            return port;
        }
        ParentPort created = new ParentPort(loop);
        Path directory = Path.of(System.getProperty(ChildProperties.CHANNEL));
        try {
            created.attach(ChannelEnd.open(loop, Control.CHILD,
                    Transports.named(System.getProperty(ChildProperties.TRANSPORT)), directory,
                    Long.getLong(ChildProperties.CAPACITY, ForkOptions.DEFAULT_QUEUE_CAPACITY),
                    Long.getLong(ChildProperties.HIGH_WATER_MARK, ForkOptions.DEFAULT_HIGH_WATER_MARK),
                    ClassLoader.getSystemClassLoader(), created.events(), "loop-process-parent-channel", true));
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the channel to the parent in " + directory + ": " + e, e);
        }
        long parent = Long.getLong(ChildProperties.PARENT, -1);
        if (Boolean.getBoolean(ChildProperties.DETACHED) && parent > 0) {
            // A detached child outlives its parent; its port hears disconnect when the parent dies.
            created.channel().watchPeer(() -> dev.loop.process.os.Native.parentPid() == parent);
        }
        port = created;
        return created;
    }
}
