package dev.loop.io.uring;

import dev.loop.io.spi.FileIo;
import dev.loop.io.spi.IoBackend;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.io.spi.TcpIo;
import dev.loop.io.uring.Syscalls.NativeException;
import dev.loop.spi.PollerContext;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One loop's io_uring backend: the loop's poll phase waits in {@code io_uring_enter} for
 * completions, submitting what the loop queued since, and runs each completion as a poll-phase
 * callback. Operations in flight sit in a table whose index is their {@code user_data}.
 *
 * <p>Wake-ups from other threads post a completion straight into the ring with
 * {@code IORING_OP_MSG_RING} from a small ring of their own ({@link MsgRingSender}); where the
 * kernel lacks it (or {@code -Ddev.loop.io.uring.wakeup=eventfd} asks), they write an eventfd that
 * a read on the ring always waits on. {@link #wakeupPending} coalesces them either way, as the NIO
 * backend coalesces {@code Selector.wakeup}.
 * A poll that may not block peeks at the completion queue without a system call unless entries
 * wait to be submitted or the kernel flags completions it holds back.
 *
 * <p><b>Thread safety:</b> loop thread only, except {@link #wakeup()}.
 */
final class UringBackend implements IoBackend {

    /** Submission slots; the completion queue has four times as many. */
    static final int ENTRIES = 1024;

    private final PollerContext loop;
    private final Ring ring;
    private final Arena arena = Arena.ofConfined();
    /**
     * The {@code user_data} of a wake-up that {@link MsgRingSender} posts: its low half is slot 0,
     * which no operation has, so {@link #owner} never mistakes it for one.
     */
    static final long WAKEUP_USER_DATA = -1L << 32;

    /** The eight bytes other threads write to the eventfd: in memory any thread may read. */
    private final MemorySegment one = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);
    /** The wake-up's sender, or null when wake-ups go through {@link #eventfd}. */
    private final MsgRingSender sender;
    /** The eventfd wake-ups write, or -1 when they go through {@link #sender}. */
    private final int eventfd;
    private final WakeupRead wakeupRead;
    /**
     * Set by the first {@link #wakeup()} since the loop last consumed one; later calls skip the
     * signal. Invariant: while it is set, a signal has been sent that the ring has not delivered
     * yet (a message not yet posted, or an eventfd write not yet read: either completes, and wakes
     * a blocking enter), or it has been delivered and the loop has not yet run that completion,
     * which resets the flag inside the poll phase: the loop then looks at its queues before it
     * blocks again, so a task whose wake-up was skipped meanwhile is seen. Reset only there (or when
     * a signal could not be sent), never before the delivery completed: a reset while a signal is
     * on its way would only cost an extra signal, but a set flag with nothing on its way would lose
     * a wake-up.
     */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final NativeBuffers buffers = new NativeBuffers();
    private final UringFiles files;
    private final UringTcp tcp;
    private Op[] ops = new Op[256];
    /**
     * Bumped each time a slot is released, and carried in the upper half of {@code user_data}: a
     * completion or a cancellation that names an earlier occupant of a reused slot is recognised
     * as stale, and never reaches (or cancels) the operation that holds the slot now.
     */
    private int[] generations = new int[256];
    private int[] freeSlots = new int[256];
    private int freeCount;
    private int nextSlot;
    /** Operations in flight that keep the loop alive are counted by their owners; this counts all. */
    private int inFlight;
    private final long[] cqeUserData = new long[ENTRIES * 4];
    private final int[] cqeResult = new int[ENTRIES * 4];
    private final int[] cqeFlags = new int[ENTRIES * 4];
    /** The batch being run: entries {@code batchNext} to {@code batchEnd} of the arrays above are still to run. */
    private int batchNext;
    private int batchEnd;
    private boolean closed;
    /** Guarded by {@link #one}: set, under it, before the eventfd is closed. */
    private boolean eventfdClosed;

    /**
     * A backend on the calling (loop) thread.
     *
     * @param msgRing whether to try {@code IORING_OP_MSG_RING} wake-ups first; the eventfd serves
     *     when this is false or the kernel refuses them
     */
    UringBackend(IoBackendContext context, boolean msgRing) throws NativeException {
        this.loop = context.loop();
        this.ring = Ring.create(ENTRIES);
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        MsgRingSender messages = null;
        if (msgRing) {
            try {
                messages = MsgRingSender.open(ring.fd(), WAKEUP_USER_DATA);
            } catch (NativeException | RuntimeException refused) {
                messages = null; // the eventfd serves
            }
        }
        this.sender = messages;
        if (sender != null) {
            consumeProbe();
        }
        try {
            this.eventfd = sender == null ? Syscalls.eventfd(Syscalls.errnoSegment(arena)) : -1;
        } catch (NativeException e) {
            ring.close();
            arena.close();
            throw e;
        }
        this.wakeupRead = sender == null ? new WakeupRead(arena.allocate(ValueLayout.JAVA_LONG)) : null;
        if (wakeupRead != null) {
            wakeupRead.arm();
        }
        this.files = new UringFiles(this, context);
        this.tcp = new UringTcp(this);
    }

    @Override
    public String name() {
        return "io_uring";
    }

    /**
     * Reads the completion the sender's probe posted, so that the loop's first poll does not wake
     * for it: a poll that may block returns only for something that happened (UV_RUN_ONCE relies
     * on that). Nothing else is in flight yet, so every completion here is the probe's.
     */
    private void consumeProbe() {
        for (int attempt = 0; attempt < 3 && ring.completions() == 0; attempt++) {
            ring.enter(false, 0); // runs the task work a remote message queues on a DEFER_TASKRUN ring
        }
        ring.advance(ring.completions());
    }

    /** A test seam: the results {@code io_uring_enter} gives instead of the kernel's ({@link Ring#enterFaults}). */
    void injectEnterFaults(java.util.function.IntSupplier faults) {
        ring.enterFaults = faults;
    }

    /** How other threads wake this loop: {@code msg_ring} or {@code eventfd}. */
    String wakeupMechanism() {
        return sender != null ? "msg_ring" : "eventfd";
    }

    @Override
    public FileIo files() {
        return files;
    }

    @Override
    public TcpIo tcp() {
        return tcp;
    }

    PollerContext loop() {
        return loop;
    }

    boolean inLoop() {
        return Thread.currentThread() == loop.owner();
    }

    // ---------------------------------------------------------------- submissions

    /**
     * A zeroed submission entry for {@code op}, with its opcode, descriptor and {@code user_data}
     * set; the caller fills the rest before it returns to the loop. The entry is submitted by the
     * next poll.
     *
     * @return the entry's offset in {@link #sqes()}
     * @throws IOException if the submission queue stays full even after submitting what it holds
     *     (the completion queue is overflowing); nothing was registered then
     */
    long prepare(Op op, byte opcode, int fd) throws IOException {
        assert inLoop();
        long sqe = nextSqe();
        if (sqe < 0) {
            throw new IOException("the io_uring submission queue is full (" + ENTRIES
                    + " entries) and the kernel takes no more until completions are read; try again from a later callback");
        }
        int slot = register(op);
        MemorySegment sqes = ring.sqes();
        sqes.set(ValueLayout.JAVA_BYTE, sqe + SqeDescriptor.OPCODE_OFFSET, opcode);
        sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.FD_OFFSET, fd);
        sqes.set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.USER_DATA_OFFSET, userData(slot));
        return sqe;
    }

    /** A submission entry that no operation owns (a cancellation): its completion is ignored. */
    long prepareUnowned(byte opcode, int fd) {
        assert inLoop();
        long sqe = nextSqe();
        if (sqe < 0) {
            return -1;
        }
        MemorySegment sqes = ring.sqes();
        sqes.set(ValueLayout.JAVA_BYTE, sqe + SqeDescriptor.OPCODE_OFFSET, opcode);
        sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.FD_OFFSET, fd);
        return sqe;
    }

    MemorySegment sqes() {
        return ring.sqes();
    }

    /**
     * A free submission slot: when every one is taken, what waits is submitted first, which frees
     * them all unless the kernel refuses (EAGAIN or EBUSY while its completion queue is too full;
     * an EINTR is tried again).
     *
     * @return the slot's offset, or -1 when the kernel refused
     */
    private long nextSqe() {
        long sqe = ring.nextSqe();
        for (int attempt = 0; sqe < 0 && attempt < 3; attempt++) {
            int submitted = ring.enter(false, 0);
            sqe = ring.nextSqe();
            if (submitted != -Errno.EINTR) {
                break;
            }
        }
        return sqe;
    }

    /** Asks the kernel to cancel {@code op} (its last completion then says so); no-op if it is not in flight. */
    void cancel(Op op) {
        if (op.slot < 0) {
            return;
        }
        long sqe = prepareUnowned(SqeDescriptor.IORING_OP_ASYNC_CANCEL, -1);
        if (sqe >= 0) {
            ring.sqes().set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.ADDR_OFFSET, userData(op.slot));
        }
    }

    /** The loop's pool of native buffers. */
    NativeBuffers buffers() {
        return buffers;
    }

    /** Submits what waits now, without waiting: for a cancellation that must reach the kernel first. */
    void submitNow() {
        ring.enter(false, 0);
    }

    /** Registers a ring of provided buffers with this backend's ring, in {@code arena}'s memory. */
    BufferRing bufferRing(Arena arena, int group, int count, int size) throws NativeException {
        return new BufferRing(ring, arena, group, count, size);
    }

    private int register(Op op) {
        if (op.slot >= 0) {
            throw new IllegalStateException(op + " is already in flight in slot " + op.slot + "; an operation is submitted once at a time");
        }
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            if (nextSlot == ops.length) {
                ops = Arrays.copyOf(ops, ops.length * 2);
                generations = Arrays.copyOf(generations, generations.length * 2);
                freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
            }
            slot = nextSlot++;
        }
        ops[slot] = op;
        op.slot = slot;
        inFlight++;
        return slot;
    }

    /** The {@code user_data} of the operation in {@code slot} now: its generation and the slot, never 0. */
    private long userData(int slot) {
        return (long) generations[slot] << 32 | (slot + 1L);
    }

    /** The operation a completion's {@code user_data} names, or null if it is stale or unowned. */
    private Op owner(long userData) {
        int slot = (int) userData - 1;
        if (userData == 0 || slot < 0 || slot >= nextSlot || generations[slot] != (int) (userData >>> 32)) {
            return null;
        }
        return ops[slot];
    }

    private void release(Op op) {
        generations[op.slot]++;
        ops[op.slot] = null;
        freeSlots[freeCount++] = op.slot;
        op.slot = -1;
        inFlight--;
    }

    // ---------------------------------------------------------------- the poll phase

    @Override
    public void poll(long timeoutNanos) {
        assert inLoop();
        if (closed) {
            return;
        }
        if (timeoutNanos == 0) {
            if (ring.unsubmitted() > 0 || ring.completionsWaiting()) {
                ring.enter(false, 0);
            }
        } else {
            ring.enter(true, timeoutNanos == INFINITE ? -1 : timeoutNanos); // ETIME and EINTR are ordinary returns
            loop.updateTime();
        }
        dispatch();
    }

    /**
     * Runs the waiting completions: first copies a batch of them out and gives their slots back
     * to the kernel; then runs each operation's completion, in the order the kernel posted them.
     * The cursor is a field: when a completion throws (to the loop's error handling), the rest of
     * the batch runs at the next poll, before any newer completion, so none is lost or run twice.
     */
    private void dispatch() {
        if (batchNext == batchEnd) {
            int count = Math.min(ring.completions(), cqeUserData.length);
            if (count == 0) {
                return;
            }
            MemorySegment cq = ring.cqRing();
            for (int i = 0; i < count; i++) {
                long cqe = ring.cqe(i);
                cqeUserData[i] = cq.get(ValueLayout.JAVA_LONG, cqe + CqeDescriptor.USER_DATA_OFFSET);
                cqeResult[i] = cq.get(ValueLayout.JAVA_INT, cqe + CqeDescriptor.RES_OFFSET);
                cqeFlags[i] = cq.get(ValueLayout.JAVA_INT, cqe + CqeDescriptor.FLAGS_OFFSET);
            }
            ring.advance(count);
            batchNext = 0;
            batchEnd = count;
        }
        while (batchNext < batchEnd) {
            int i = batchNext++;
            Op op = owner(cqeUserData[i]);
            if (op == null) {
                if (cqeUserData[i] == WAKEUP_USER_DATA) {
                    wakeupPending.set(false); // the message is delivered: see the invariant
                }
                continue; // else a cancellation's own completion, or a stale one
            }
            boolean last = (cqeFlags[i] & CqeDescriptor.IORING_CQE_F_MORE) == 0;
            if (last) {
                release(op);
            }
            op.completed(cqeResult[i], cqeFlags[i], last);
        }
    }

    @Override
    public void wakeup() {
        if (wakeupPending.getAndSet(true)) {
            return;
        }
        if (sender != null) {
            int result = sender.send();
            for (int attempt = 1; result < 0 && attempt < 3; attempt++) {
                result = sender.send();
            }
            if (result < 0) {
                wakeupPending.set(false); // nothing is on its way: a later wake-up must signal again
                throw new IllegalStateException("could not wake the io_uring loop (IORING_OP_MSG_RING failed with "
                        + Errno.name(-result) + "); the task is queued and runs when the loop next wakes");
            }
        } else {
            synchronized (one) { // only on the slow path: the descriptor must not be closed (and its number reused) meanwhile
                if (!eventfdClosed) {
                    Syscalls.signal(eventfd, one);
                }
            }
        }
    }

    /**
     * Cancels what is in flight and waits (a second at most) for the kernel to finish with it, so
     * that no completion writes into memory freed after; then releases the ring, the eventfd and
     * the native memory. Completions that arrive now are dropped: the loop is closing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long sqe = prepareUnowned(SqeDescriptor.IORING_OP_ASYNC_CANCEL, -1);
        if (sqe >= 0) {
            ring.sqes().set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.OP_FLAGS_OFFSET, SqeDescriptor.IORING_ASYNC_CANCEL_ANY);
        }
        while (batchNext < batchEnd) { // a batch a throwing completion left: its operations are done in the kernel
            int i = batchNext++;
            Op op = owner(cqeUserData[i]);
            if (op != null && (cqeFlags[i] & CqeDescriptor.IORING_CQE_F_MORE) == 0) {
                release(op);
            }
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (inFlight > 0 && System.nanoTime() < deadline) {
            ring.enter(true, 10_000_000L);
            int count = ring.completions();
            for (int i = 0; i < count; i++) {
                long userData = ring.cqRing().get(ValueLayout.JAVA_LONG, ring.cqe(i) + CqeDescriptor.USER_DATA_OFFSET);
                int flags = ring.cqRing().get(ValueLayout.JAVA_INT, ring.cqe(i) + CqeDescriptor.FLAGS_OFFSET);
                Op op = owner(userData);
                if (op != null && (flags & CqeDescriptor.IORING_CQE_F_MORE) == 0) {
                    release(op);
                }
            }
            ring.advance(count);
        }
        tcp.closeAll(); // their operations are cancelled and done: the descriptors can go
        wakeupPending.set(true); // later wake-ups skip even the lock
        if (sender != null) {
            sender.close(); // before the ring's descriptor, whose number may be reused, is closed
        } else {
            synchronized (one) {
                eventfdClosed = true;
                Syscalls.close(Syscalls.errnoSegment(arena), eventfd);
            }
        }
        ring.close();
        if (inFlight == 0) {
            arena.close(); // otherwise the kernel may still write into it: left to the process's end
            tcp.release();
            buffers.release();
        }
    }

    /** The ring's read of the eventfd, always armed again once it completes. */
    private final class WakeupRead extends Op {
        private final MemorySegment counter;

        WakeupRead(MemorySegment counter) {
            this.counter = counter;
        }

        void arm() {
            try {
                long sqe = prepare(this, SqeDescriptor.IORING_OP_READ, eventfd);
                MemorySegment sqes = ring.sqes();
                sqes.set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.ADDR_OFFSET, counter.address());
                sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.LEN_OFFSET, 8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot arm the io_uring backend's wake-up read", e);
            }
        }

        @Override
        void completed(int result, int flags, boolean last) {
            wakeupPending.set(false); // the write it consumed is accounted for: see the invariant
            if (!closed) {
                arm();
            }
        }
    }
}
