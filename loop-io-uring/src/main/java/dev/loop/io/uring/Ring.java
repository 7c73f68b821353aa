package dev.loop.io.uring;

import static dev.loop.io.uring.ParamsDescriptor.CQ_CQES;
import static dev.loop.io.uring.ParamsDescriptor.CQ_ENTRIES_OFFSET;
import static dev.loop.io.uring.ParamsDescriptor.CQ_HEAD;
import static dev.loop.io.uring.ParamsDescriptor.CQ_OFF;
import static dev.loop.io.uring.ParamsDescriptor.CQ_RING_MASK;
import static dev.loop.io.uring.ParamsDescriptor.CQ_TAIL;
import static dev.loop.io.uring.ParamsDescriptor.FEATURES_OFFSET;
import static dev.loop.io.uring.ParamsDescriptor.FLAGS_OFFSET;
import static dev.loop.io.uring.ParamsDescriptor.IORING_ENTER_EXT_ARG;
import static dev.loop.io.uring.ParamsDescriptor.IORING_ENTER_GETEVENTS;
import static dev.loop.io.uring.ParamsDescriptor.IORING_FEAT_EXT_ARG;
import static dev.loop.io.uring.ParamsDescriptor.IORING_FEAT_NODROP;
import static dev.loop.io.uring.ParamsDescriptor.IORING_FEAT_SINGLE_MMAP;
import static dev.loop.io.uring.ParamsDescriptor.IORING_OFF_CQ_RING;
import static dev.loop.io.uring.ParamsDescriptor.IORING_OFF_SQES;
import static dev.loop.io.uring.ParamsDescriptor.IORING_OFF_SQ_RING;
import static dev.loop.io.uring.ParamsDescriptor.IORING_SETUP_CLAMP;
import static dev.loop.io.uring.ParamsDescriptor.IORING_SETUP_COOP_TASKRUN;
import static dev.loop.io.uring.ParamsDescriptor.IORING_SETUP_CQSIZE;
import static dev.loop.io.uring.ParamsDescriptor.IORING_SETUP_DEFER_TASKRUN;
import static dev.loop.io.uring.ParamsDescriptor.IORING_SETUP_SINGLE_ISSUER;
import static dev.loop.io.uring.ParamsDescriptor.IORING_SETUP_TASKRUN_FLAG;
import static dev.loop.io.uring.ParamsDescriptor.IORING_SQ_CQ_OVERFLOW;
import static dev.loop.io.uring.ParamsDescriptor.IORING_SQ_TASKRUN;
import static dev.loop.io.uring.ParamsDescriptor.SQ_ARRAY;
import static dev.loop.io.uring.ParamsDescriptor.SQ_ENTRIES_OFFSET;
import static dev.loop.io.uring.ParamsDescriptor.SQ_FLAGS;
import static dev.loop.io.uring.ParamsDescriptor.SQ_HEAD;
import static dev.loop.io.uring.ParamsDescriptor.SQ_OFF;
import static dev.loop.io.uring.ParamsDescriptor.SQ_RING_MASK;
import static dev.loop.io.uring.ParamsDescriptor.SQ_TAIL;

import dev.loop.io.uring.Syscalls.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One io_uring instance: its submission and completion queues, mapped into this process, and the
 * three system calls on them. The backend fills submission entries ({@link #nextSqe}), publishes
 * them ({@link #enter}), and consumes completion entries ({@link #completions}, {@link #cqe},
 * {@link #advance}).
 *
 * <p>Memory ordering with the kernel, which reads and writes the same mapping:
 * <ul>
 *   <li>SQ tail: written by us with release semantics after the entries below it are filled, so
 *       the kernel's acquire load of the tail sees whole entries.</li>
 *   <li>SQ head: advanced by the kernel as it consumes entries; read by us with acquire
 *       semantics before we reuse a slot it has passed.</li>
 *   <li>CQ tail: published by the kernel with release semantics after it wrote the entries; read
 *       by us with acquire semantics before we read them.</li>
 *   <li>CQ head: written by us with release semantics after we have read the entries, so the
 *       kernel never overwrites one we are still reading.</li>
 *   <li>SQ flags (task work pending, CQ overflowed): read with acquire semantics.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> a loop's ring ({@link #create}): the loop thread only; it is created
 * with {@code IORING_SETUP_SINGLE_ISSUER} on that thread, and the kernel refuses submissions from
 * any other. A shared ring ({@link #createShared}): any thread, one at a time, under a lock the
 * owner holds, whose hand-over orders the plain fields here.
 */
final class Ring implements AutoCloseable {

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** The setups tried in order: the fastest this kernel accepts wins. */
    private static final int[] SETUPS = {
        IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
        IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
        0,
    };

    /** Confined to the loop thread for a loop's ring; shared for a {@link MsgRingSender}'s, used under its monitor. */
    private final Arena arena;
    private final MemorySegment errno;
    /** io_uring_getevents_arg (sigmask, sigmask_sz, min_wait_usec, ts) then a kernel_timespec. */
    private final MemorySegment waitArg;
    private final int fd;
    private final int setupFlags;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final long sqHead;
    private final long sqTail;
    private final long sqFlags;
    private final int sqMask;
    private final int sqEntries;
    private final long cqHead;
    private final long cqTail;
    private final int cqMask;
    private final long cqes;
    /** Our copy of the SQ tail: entries below it are filled; those from {@link #submitted} on are not yet published. */
    private int tail;
    private int submitted;
    /** Our copy of the CQ head. */
    private int head;
    /**
     * A test seam: while set, each {@link #enter} first asks it for a result, and returns that
     * instead of calling the kernel when it is negative (an injected {@code -errno}, such as EINTR
     * or EAGAIN, with nothing submitted). Null in production.
     */
    java.util.function.IntSupplier enterFaults;

    private Ring(int fd, int setupFlags, MemorySegment params, Arena arena) throws NativeException {
        this.arena = arena;
        this.errno = Syscalls.errnoSegment(arena);
        this.waitArg = arena.allocate(24 + 16, 8);
        this.fd = fd;
        this.setupFlags = setupFlags;
        int features = params.get(ValueLayout.JAVA_INT, FEATURES_OFFSET);
        if ((features & IORING_FEAT_NODROP) == 0 || (features & IORING_FEAT_EXT_ARG) == 0) {
            throw new NativeException("io_uring_setup (the kernel lacks IORING_FEAT_NODROP or IORING_FEAT_EXT_ARG: Linux 5.11 or later is needed)",
                    Errno.ENOSYS);
        }
        sqEntries = params.get(ValueLayout.JAVA_INT, SQ_ENTRIES_OFFSET);
        int cqEntries = params.get(ValueLayout.JAVA_INT, CQ_ENTRIES_OFFSET);
        long sqSize = params.get(ValueLayout.JAVA_INT, SQ_OFF + SQ_ARRAY) + (long) sqEntries * Integer.BYTES;
        long cqSize = params.get(ValueLayout.JAVA_INT, CQ_OFF + CQ_CQES) + (long) cqEntries * CqeDescriptor.SIZE;
        if ((features & IORING_FEAT_SINGLE_MMAP) != 0) {
            MemorySegment both = Syscalls.mmap(errno, fd, Math.max(sqSize, cqSize), IORING_OFF_SQ_RING);
            sqRing = both;
            cqRing = both;
        } else {
            sqRing = Syscalls.mmap(errno, fd, sqSize, IORING_OFF_SQ_RING);
            cqRing = Syscalls.mmap(errno, fd, cqSize, IORING_OFF_CQ_RING);
        }
        sqes = Syscalls.mmap(errno, fd, (long) sqEntries * SqeDescriptor.SIZE, IORING_OFF_SQES);
        sqHead = params.get(ValueLayout.JAVA_INT, SQ_OFF + SQ_HEAD);
        sqTail = params.get(ValueLayout.JAVA_INT, SQ_OFF + SQ_TAIL);
        sqFlags = params.get(ValueLayout.JAVA_INT, SQ_OFF + SQ_FLAGS);
        sqMask = sqRing.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, SQ_OFF + SQ_RING_MASK));
        cqHead = params.get(ValueLayout.JAVA_INT, CQ_OFF + CQ_HEAD);
        cqTail = params.get(ValueLayout.JAVA_INT, CQ_OFF + CQ_TAIL);
        cqMask = cqRing.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, CQ_OFF + CQ_RING_MASK));
        cqes = params.get(ValueLayout.JAVA_INT, CQ_OFF + CQ_CQES);
        // Entries are always submitted in slot order, so the indirection array is the identity, set once.
        long array = params.get(ValueLayout.JAVA_INT, SQ_OFF + SQ_ARRAY);
        for (int i = 0; i < sqEntries; i++) {
            sqRing.set(ValueLayout.JAVA_INT, array + (long) i * Integer.BYTES, i);
        }
        tail = (int) INT.getAcquire(sqRing, sqTail);
        submitted = tail;
        head = (int) INT.getAcquire(cqRing, cqHead);
    }

    /**
     * A ring of {@code entries} submission slots and four times as many completion slots, set up
     * with the fastest flags this kernel takes, on the calling thread, which becomes its only
     * submitter.
     *
     * @throws NativeException if no setup succeeds: the last errno (EPERM when io_uring is
     *     disabled or a seccomp filter refuses it, ENOSYS on a kernel without it)
     */
    static Ring create(int entries) throws NativeException {
        return create(entries, SETUPS, Arena::ofConfined);
    }

    /**
     * A ring any thread may submit to, one at a time (the caller serialises them): no
     * single-issuer or deferred task work, so what it submits runs at once, from whichever thread.
     */
    static Ring createShared(int entries) throws NativeException {
        return create(entries, new int[] {0}, Arena::ofShared);
    }

    private static Ring create(int entries, int[] setups, java.util.function.Supplier<Arena> arenas) throws NativeException {
        NativeException last = null;
        for (int flags : setups) {
            try (Arena setup = Arena.ofConfined()) {
                MemorySegment params = setup.allocate(ParamsDescriptor.SIZE, 8);
                params.set(ValueLayout.JAVA_INT, FLAGS_OFFSET, flags | IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP);
                params.set(ValueLayout.JAVA_INT, CQ_ENTRIES_OFFSET, entries * 4);
                MemorySegment capture = Syscalls.errnoSegment(setup);
                long fd = Syscalls.syscall(capture, Syscalls.IO_URING_SETUP, entries, params.address(), 0, 0, 0, 0);
                if (fd < 0) {
                    last = new NativeException("io_uring_setup", (int) -fd);
                    if (fd == -Errno.EINVAL) {
                        continue; // flags this kernel does not know: try fewer
                    }
                    throw last;
                }
                Arena arena = arenas.get();
                try {
                    return new Ring((int) fd, flags, params, arena);
                } catch (NativeException | RuntimeException e) {
                    arena.close();
                    Syscalls.close(capture, (int) fd);
                    throw e;
                }
            }
        }
        throw last;
    }

    /** The ring's descriptor: what a {@code IORING_OP_MSG_RING} names as its target. */
    int fd() {
        return fd;
    }

    /** The setup flags the kernel accepted. */
    int setupFlags() {
        return setupFlags;
    }

    /**
     * The offset in {@link #sqes()} of a zeroed submission entry, or -1 when every slot is taken
     * by entries the kernel has not consumed yet ({@link #enter} first).
     */
    long nextSqe() {
        int consumed = (int) INT.getAcquire(sqRing, sqHead);
        if (tail - consumed >= sqEntries) {
            return -1;
        }
        long offset = (long) (tail & sqMask) * SqeDescriptor.SIZE;
        sqes.asSlice(offset, SqeDescriptor.SIZE).fill((byte) 0);
        tail++;
        return offset;
    }

    /** The mapping of the submission entries. */
    MemorySegment sqes() {
        return sqes;
    }

    /** Entries filled and not yet submitted. */
    int unsubmitted() {
        return tail - submitted;
    }

    /** Whether the kernel holds completions back until an enter runs its task work (or the CQ overflowed). */
    boolean completionsWaiting() {
        return ((int) INT.getAcquire(sqRing, sqFlags) & (IORING_SQ_TASKRUN | IORING_SQ_CQ_OVERFLOW)) != 0;
    }

    /**
     * Publishes the filled entries and calls {@code io_uring_enter}: submits them, and when
     * {@code wait} waits for at least one completion, for at most {@code timeoutNanos} (or without
     * limit when it is negative). Runs the ring's task work either way, so completions the kernel
     * held back become visible.
     *
     * @return the entries submitted, or {@code -errno} (ETIME when the wait timed out, EINTR
     *     after a signal, EBUSY or EAGAIN while the CQ is too full to take more)
     */
    int enter(boolean wait, long timeoutNanos) {
        if (enterFaults != null) {
            int injected = enterFaults.getAsInt();
            if (injected < 0) {
                return injected;
            }
        }
        int count = tail - submitted;
        INT.setRelease(sqRing, sqTail, tail); // the entries below tail are whole before the kernel sees it
        long flags = IORING_ENTER_GETEVENTS;
        long arg = 0;
        long argSize = 0;
        if (wait) {
            flags |= IORING_ENTER_EXT_ARG;
            waitArg.fill((byte) 0);
            if (timeoutNanos >= 0) {
                long ts = waitArg.address() + 24;
                waitArg.set(ValueLayout.JAVA_LONG, 24, timeoutNanos / 1_000_000_000L);
                waitArg.set(ValueLayout.JAVA_LONG, 32, timeoutNanos % 1_000_000_000L);
                waitArg.set(ValueLayout.JAVA_LONG, 16, ts);
            }
            arg = waitArg.address();
            argSize = 24;
        }
        long result = Syscalls.syscall(errno, Syscalls.IO_URING_ENTER, fd, count, wait ? 1 : 0, flags, arg, argSize);
        if (result >= 0) {
            submitted += (int) result;
        }
        return (int) result;
    }

    /** How many completion entries wait to be read. */
    int completions() {
        return (int) INT.getAcquire(cqRing, cqTail) - head;
    }

    /** The offset in {@link #cqRing()} of the {@code i}-th waiting completion entry. */
    long cqe(int i) {
        return cqes + (long) ((head + i) & cqMask) * CqeDescriptor.SIZE;
    }

    /** The mapping the completion entries are in. */
    MemorySegment cqRing() {
        return cqRing;
    }

    /** Gives {@code count} read completion slots back to the kernel. */
    void advance(int count) {
        head += count;
        INT.setRelease(cqRing, cqHead, head); // we are done reading them before the kernel may reuse them
    }

    /** {@code io_uring_register(fd, opcode, arg, count)}: the result, or {@code -errno}. */
    int register(int opcode, MemorySegment arg, int count) {
        return (int) Syscalls.syscall(errno, Syscalls.IO_URING_REGISTER, fd, opcode, arg.address(), count, 0, 0);
    }

    @Override
    public void close() {
        Syscalls.munmap(sqes);
        Syscalls.munmap(sqRing);
        if (cqRing != sqRing) {
            Syscalls.munmap(cqRing);
        }
        Syscalls.close(errno, fd);
        arena.close();
    }
}
