package dev.loop.io.uring;

import dev.loop.io.uring.Syscalls.NativeException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Wakes a loop's ring from other threads with {@code IORING_OP_MSG_RING}: a small ring of its own
 * posts a completion straight into the loop's completion queue, and the kernel wakes the loop if
 * it waits in {@code io_uring_enter}. Unlike an eventfd, nothing has to be read and armed again on
 * the loop's side: the posted completion is the whole wake-up.
 *
 * <p><b>Thread safety:</b> any thread. Its monitor serialises the waking threads over the small
 * ring (a ring has one submission queue), and orders {@link #close} against them: once closed, no
 * message is sent to the target's descriptor, whose number the process may reuse.
 */
final class MsgRingSender implements AutoCloseable {

    /** Two submission slots: one message at a time is ever in it, submitted at once. */
    private static final int ENTRIES = 2;

    private final Ring ring;
    private final int target;
    private final long userData;
    /** Guarded by this. */
    private boolean closed;

    private MsgRingSender(Ring ring, int target, long userData) {
        this.ring = ring;
        this.target = target;
        this.userData = userData;
    }

    /**
     * A sender to the ring {@code target}, whose messages carry {@code userData}; proven by
     * sending one message and reading its result, so the target sees one completion with
     * {@code userData} before any wake-up.
     *
     * @throws NativeException if the kernel has no {@code IORING_OP_MSG_RING} (before Linux 5.18)
     *     or refuses it; the caller falls back to an eventfd
     */
    static MsgRingSender open(int target, long userData) throws NativeException {
        Ring ring = Ring.createShared(ENTRIES);
        MsgRingSender sender = new MsgRingSender(ring, target, userData);
        try {
            int result = sender.sendAndWait();
            if (result < 0) {
                throw new NativeException("IORING_OP_MSG_RING", -result);
            }
            return sender;
        } catch (NativeException | RuntimeException e) {
            ring.close();
            throw e;
        }
    }

    /** The probe: one message that does post its own completion here, and its result. */
    private synchronized int sendAndWait() {
        prepare((byte) 0);
        int entered = ring.enter(true, 1_000_000_000L);
        if (entered < 0 && ring.completions() == 0) {
            return entered;
        }
        int result = ring.completions() > 0 ? ring.cqRing().get(ValueLayout.JAVA_INT, ring.cqe(0) + CqeDescriptor.RES_OFFSET) : -Errno.ETIME;
        ring.advance(ring.completions());
        return result;
    }

    /**
     * Posts one completion carrying {@code userData} to the target; does nothing once closed.
     *
     * @return 0, or {@code -errno} when the kernel could not post it (the caller may try again)
     */
    synchronized int send() {
        if (closed) {
            return 0;
        }
        prepare(SqeDescriptor.IOSQE_CQE_SKIP_SUCCESS);
        int entered = ring.enter(false, 0);
        if (entered < 0) {
            return entered; // not submitted: the entry waits, and the next send submits it too
        }
        int result = 0;
        int failures = ring.completions(); // only failures post here
        for (int i = 0; i < failures; i++) {
            result = ring.cqRing().get(ValueLayout.JAVA_INT, ring.cqe(i) + CqeDescriptor.RES_OFFSET);
        }
        ring.advance(failures);
        return result;
    }

    private void prepare(byte flags) {
        long sqe = ring.nextSqe();
        if (sqe < 0) {
            ring.enter(false, 0); // an entry an earlier, refused send left: submit it first
            sqe = ring.nextSqe();
            if (sqe < 0) {
                throw new IllegalStateException("the io_uring wake-up ring takes no more submissions");
            }
        }
        MemorySegment sqes = ring.sqes();
        sqes.set(ValueLayout.JAVA_BYTE, sqe + SqeDescriptor.OPCODE_OFFSET, SqeDescriptor.IORING_OP_MSG_RING);
        sqes.set(ValueLayout.JAVA_BYTE, sqe + SqeDescriptor.FLAGS_OFFSET, flags);
        sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.FD_OFFSET, target);
        sqes.set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.OFF_OFFSET, userData);
        // addr 0: IORING_MSG_DATA; len 0: the posted completion's result; no msg_ring_flags.
    }

    /** Sends nothing more, then releases the small ring; call before the target ring closes. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            ring.close();
        }
    }
}
