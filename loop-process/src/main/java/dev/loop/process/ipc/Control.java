package dev.loop.process.ipc;

import dev.loop.process.os.Native;
import dev.loop.process.os.SharedFile;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The channel's control file, beside its two queues: per side, the futex word its channel thread
 * sleeps on and the counters and flags the other side reads. Whatever the transport, waking,
 * back pressure and ending go through here.
 *
 * <pre>
 * side s (0 parent, 1 child) at s * 1024, each field on its own cache line:
 *   +0    doorbell    int   futex word of s's channel thread; bumped before every wake-up
 *   +64   sleeping    int   1 while s's channel thread is (about to be) asleep on its doorbell
 *   +128  wantsNews   int   1 while s's writer waits for the other side to read (a backlog, or
 *                           a send over the high-water mark): its reader then rings s's doorbell
 *   +192  running     int   1 once s's JVM runs its main (for the child: ChildMain's first act), so
 *                           that its Java runtime is initialised and handles shutdown signals
 *   +256  received    long  bytes s has read from its incoming queue
 *   +320  closed      int   1 once s has disconnected
 *   +384  attached    int   1 once s has opened its end (a pooled child is warm)
 *   +448  started     long  messages s's loop has begun to hand to its callback (the number of the last)
 *   +512  processed   long  messages whose callback has returned on s's loop: the acknowledgement
 *   +576  redelivered long  the number of the message on s's incoming queue that the other side
 *                           marked as possibly processed already (by a child that died in its
 *                           callback); 0 for none. Written before s starts.
 * at 2048: the child's startup failure, if any: length (int), then UTF-8 text
 * </pre>
 *
 * <p><b>Memory ordering.</b> The lost wake-up is ruled out as in a Dekker pair: a writer publishes a
 * message (the transport's release store), then a full fence, then reads {@code sleeping}; a channel
 * thread that goes to sleep reads the doorbell, stores {@code sleeping = 1}, a full fence, then
 * looks at its queue once more before {@code futex_wait} on the doorbell value it read. Either the
 * sleeper sees the message, or the writer sees {@code sleeping} and bumps the doorbell, which makes
 * the wait return at once. Counters and flags are volatile accesses.
 *
 * <p><b>Thread safety:</b> any thread, with the orderings above.
 */
public final class Control implements AutoCloseable {

    /** The parent's side. */
    public static final int PARENT = 0;
    /** The child's side. */
    public static final int CHILD = 1;

    static final long SIZE = 4096;
    private static final long SIDE = 1024;
    private static final long DOORBELL = 0;
    private static final long SLEEPING = 64;
    private static final long WANTS_NEWS = 128;
    private static final long RUNNING = 192;
    private static final long RECEIVED = 256;
    private static final long CLOSED = 320;
    private static final long ATTACHED = 384;
    private static final long STARTED = 448;
    private static final long PROCESSED = 512;
    private static final long REDELIVERED = 576;
    private static final long FAILURE = 2048;
    private static final int FAILURE_MAX = 2000;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final SharedFile file;
    private final MemorySegment memory;

    private Control(SharedFile file) {
        this.file = file;
        this.memory = file.memory();
    }

    /**
     * Maps the control file of the channel in {@code directory}, making it if needed.
     *
     * @param directory the channel's directory
     * @return the control
     * @throws IOException if it cannot be mapped
     */
    public static Control open(Path directory) throws IOException {
        return new Control(SharedFile.map(directory.resolve("control"), SIZE));
    }

    /** A control block in memory no file backs, for the jcstress test of the wake-up. */
    static Control inMemory() {
        return new Control(SharedFile.anonymous(SIZE));
    }

    static int other(int side) {
        return 1 - side;
    }

    int doorbell(int side) {
        return (int) INT.getVolatile(memory, side * SIDE + DOORBELL);
    }

    boolean sleeping(int side) {
        return (int) INT.getVolatile(memory, side * SIDE + SLEEPING) != 0;
    }

    /** Announces (or ends) a sleep; the fence orders the store before the re-check that follows. */
    void setSleeping(int side, boolean sleeping) {
        INT.setVolatile(memory, side * SIDE + SLEEPING, sleeping ? 1 : 0);
        VarHandle.fullFence();
    }

    boolean wantsNews(int side) {
        return (int) INT.getVolatile(memory, side * SIDE + WANTS_NEWS) != 0;
    }

    void setWantsNews(int side, boolean wants) {
        INT.setVolatile(memory, side * SIDE + WANTS_NEWS, wants ? 1 : 0);
        VarHandle.fullFence();
    }

    /**
     * Whether {@code side}'s JVM has reached its main: its runtime is initialised.
     *
     * @param side the side
     * @return true once it has
     */
    boolean running(int side) {
        return (int) INT.getVolatile(memory, side * SIDE + RUNNING) != 0;
    }

    /**
     * Records that this JVM, {@code side}, runs its main.
     *
     * @param side the side
     */
    public void setRunning(int side) {
        INT.setVolatile(memory, side * SIDE + RUNNING, 1);
    }

    long received(int side) {
        return (long) LONG.getVolatile(memory, side * SIDE + RECEIVED);
    }

    void addReceived(int side, long bytes) {
        LONG.setVolatile(memory, side * SIDE + RECEIVED, received(side) + bytes); // only side's channel thread
    }

    boolean closed(int side) {
        return (int) INT.getVolatile(memory, side * SIDE + CLOSED) != 0;
    }

    void close(int side) {
        INT.setVolatile(memory, side * SIDE + CLOSED, 1);
        VarHandle.fullFence();
    }

    boolean attached(int side) {
        return (int) INT.getVolatile(memory, side * SIDE + ATTACHED) != 0;
    }

    void attach(int side) {
        INT.setVolatile(memory, side * SIDE + ATTACHED, 1);
    }

    /**
     * The number of the message whose callback {@code side}'s loop began last.
     *
     * @param side the receiving side
     * @return the number, 0 before the first
     */
    long started(int side) {
        return (long) LONG.getAcquire(memory, side * SIDE + STARTED);
    }

    /** Only {@code side}'s loop thread; the release orders nothing before it that matters but is cheap. */
    void setStarted(int side, long message) {
        LONG.setRelease(memory, side * SIDE + STARTED, message);
    }

    /**
     * How many of its incoming messages {@code side} has acknowledged: the callbacks that returned,
     * in order. Read by the sender to let go of its copies, and after the receiver died to find
     * what it never processed.
     *
     * @param side the receiving side
     * @return the count
     */
    long processed(int side) {
        return (long) LONG.getAcquire(memory, side * SIDE + PROCESSED);
    }

    /**
     * Only {@code side}'s loop thread, after the message's callback returned. A release store:
     * whatever the callback wrote to shared memory (a message it sent back) is visible before the
     * acknowledgement is; a process that dies before this store leaves the message unacknowledged.
     */
    void setProcessed(int side, long message) {
        LONG.setRelease(memory, side * SIDE + PROCESSED, message);
    }

    /**
     * The number of the message on {@code side}'s incoming queue that may have been processed
     * already, by an earlier child that died in its callback; 0 for none.
     *
     * @param side the receiving side
     * @return the number
     */
    long redelivered(int side) {
        return (long) LONG.getAcquire(memory, side * SIDE + REDELIVERED);
    }

    /** Before {@code side} starts: the process start orders it before the side's first read. */
    void setRedelivered(int side, long message) {
        LONG.setRelease(memory, side * SIDE + REDELIVERED, message);
    }

    /**
     * Wakes {@code side}'s channel thread if it sleeps. Call after publishing what it should see
     * (a message, a count, a flag) and a full fence.
     */
    void wakeIfSleeping(int side) {
        if (sleeping(side)) {
            wake(side);
        }
    }

    /** Wakes {@code side}'s channel thread whether or not it sleeps. */
    void wake(int side) {
        MemorySegment word = memory.asSlice(side * SIDE + DOORBELL, 4);
        INT.getAndAdd(memory, side * SIDE + DOORBELL, 1);
        Native.futexWake(word, 1);
    }

    /** Sleeps on {@code side}'s doorbell while it still reads {@code seen}, at most {@code nanos}. */
    void await(int side, int seen, long nanos) {
        Native.futexWait(memory.asSlice(side * SIDE + DOORBELL, 4), seen, nanos);
    }

    /**
     * Records why the child could not start (its main class is missing...), for the parent's error
     * event.
     *
     * @param message the reason
     */
    public void recordFailure(String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, FAILURE_MAX);
        MemorySegment.copy(text, 0, memory, ValueLayout.JAVA_BYTE, FAILURE + 4, length);
        INT.setVolatile(memory, FAILURE, length);
    }

    /**
     * Why the child could not start, if it said.
     *
     * @return the reason, or null
     */
    public String failure() {
        int length = (int) INT.getVolatile(memory, FAILURE);
        if (length <= 0 || length > FAILURE_MAX) {
            return null;
        }
        byte[] text = new byte[length];
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, FAILURE + 4, text, 0, length);
        return new String(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        file.close();
    }
}
