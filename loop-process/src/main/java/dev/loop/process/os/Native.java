package dev.loop.process.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The Linux system calls the process module makes through the FFM API: the futex that a sleeping
 * channel thread waits on, {@code kill(2)} with any signal, {@code getppid(2)}, and
 * {@code prctl(PR_SET_PDEATHSIG)}. Each returns 0 (or its result) on success and {@code -errno} on
 * failure, so callers never read a thread-local errno.
 *
 * <p><b>Thread safety:</b> every method may be called from any thread.
 */
public final class Native {

    /** {@code EAGAIN}: the futex word no longer held the expected value. */
    public static final int EAGAIN = 11;
    /** {@code ETIMEDOUT}: a futex wait timed out. */
    public static final int ETIMEDOUT = 110;
    /** {@code EINTR}: a signal interrupted the call. */
    public static final int EINTR = 4;
    /** {@code ESRCH}: no such process. */
    public static final int ESRCH = 3;

    private static final int FUTEX_WAIT = 0; // shared between processes: no FUTEX_PRIVATE_FLAG
    private static final int FUTEX_WAKE = 1;
    private static final int PR_SET_PDEATHSIG = 1;

    private static final StructLayout CAPTURE = Ffi.CAPTURE;
    private static final Linker.Option CAPTURE_ERRNO = Ffi.CAPTURE_ERRNO;
    private static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("tv_sec"), ValueLayout.JAVA_LONG.withName("tv_nsec"));

    private static final long SYS_FUTEX = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> 202;
        case "aarch64" -> 98;
        default -> -1;
    };

    private static final FunctionDescriptor FUTEX_CALL = FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    /** syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3): variadic after the number. */
    private static final MethodHandle FUTEX = downcall("syscall", FUTEX_CALL, Linker.Option.firstVariadicArg(1), CAPTURE_ERRNO);
    /** The same without errno: a wake-up's only failure is a bad address, and it runs per message. */
    private static final MethodHandle FUTEX_NO_ERRNO = downcall("syscall", FUTEX_CALL, Linker.Option.firstVariadicArg(1));
    /** Each sleeping thread's timespec and errno capture, allocated once (a sleep must not call malloc). */
    private static final ThreadLocal<MemorySegment[]> WAIT_SCRATCH = ThreadLocal.withInitial(() -> new MemorySegment[] {
        Arena.ofAuto().allocate(TIMESPEC), Arena.ofAuto().allocate(CAPTURE)});
    private static final MethodHandle KILL = downcall("kill",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle GETPPID = downcall("getppid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    /** posix_fallocate returns the error number itself, and does not set errno. */
    private static final MethodHandle FALLOCATE = downcall("posix_fallocate",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final int O_RDWR = 2;
    /** {@code ENOSPC}: no space left on the device. */
    public static final int ENOSPC = 28;
    private static final MethodHandle SETSID = downcall("setsid", FunctionDescriptor.of(ValueLayout.JAVA_INT), CAPTURE_ERRNO);
    /** prctl(option, arg2): variadic after the option. */
    private static final MethodHandle PRCTL = downcall("prctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1), CAPTURE_ERRNO);

    private Native() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return Ffi.downcall(name, descriptor, options);
    }

    /**
     * Whether this platform has the calls (Linux on x86-64 or AArch64), and this module may make
     * them.
     *
     * @return null when it can, else why not, in words that say what to do
     */
    public static String unavailabilityCause() {
        if (!System.getProperty("os.name").startsWith("Linux") || SYS_FUTEX < 0) {
            return "loop-process needs Linux on x86-64 or AArch64; this is " + System.getProperty("os.name")
                    + " on " + System.getProperty("os.arch");
        }
        if (!Native.class.getModule().isNativeAccessEnabled()) {
            return "loop-process calls the OS through the FFM API: run java with --enable-native-access="
                    + (Native.class.getModule().isNamed() ? "dev.loop.process" : "ALL-UNNAMED");
        }
        return null;
    }

    /**
     * Sleeps while the int at {@code word} still holds {@code expected}, for at most
     * {@code timeoutNanos}, until a {@link #futexWake} on the same word, in any process that maps
     * the same file.
     *
     * @param word a 4-byte aligned int in a shared mapping
     * @param expected the value seen before deciding to sleep
     * @param timeoutNanos the longest sleep, more than 0
     * @return 0 when woken, {@code -EAGAIN} if the word had changed, {@code -ETIMEDOUT},
     *     {@code -EINTR}
     */
    public static int futexWait(MemorySegment word, int expected, long timeoutNanos) {
        try {
            MemorySegment[] scratch = WAIT_SCRATCH.get();
            MemorySegment timeout = scratch[0];
            timeout.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            timeout.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            MemorySegment errno = scratch[1];
            long result = (long) FUTEX.invokeExact(errno, SYS_FUTEX, word, FUTEX_WAIT, expected, timeout,
                    MemorySegment.NULL, 0);
            return result < 0 ? -Ffi.errno(errno) : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Wakes up to {@code count} threads sleeping in {@link #futexWait} on {@code word}.
     *
     * @param word the int they sleep on
     * @param count how many to wake at most
     * @return how many were woken, or -1 if the call failed
     */
    public static int futexWake(MemorySegment word, int count) {
        try {
            long result = (long) FUTEX_NO_ERRNO.invokeExact(SYS_FUTEX, word, FUTEX_WAKE, count, MemorySegment.NULL,
                    MemorySegment.NULL, 0);
            return result < 0 ? -1 : (int) result;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Makes each futex call once on a private word (a wake of nobody, a wait that returns at once),
     * so that the JVM generates their downcall stubs now, not on the first message's path.
     */
    public static void warmUp() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment word = arena.allocate(ValueLayout.JAVA_INT);
            futexWake(word, 0);
            futexWait(word, 1, 1); // the word holds 0: EAGAIN at once
        }
    }

    /**
     * Sends {@code signal} to process {@code pid}.
     *
     * @param pid the process
     * @param signal the signal number
     * @return 0, or {@code -errno} ({@code -ESRCH} when the process is gone)
     */
    public static int kill(long pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int result = (int) KILL.invokeExact(errno, (int) pid, signal);
            return result < 0 ? -Ffi.errno(errno) : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The parent's pid: 1 (or a subreaper's) once the parent has died.
     *
     * @return the parent process id
     */
    public static long parentPid() {
        try {
            return (int) GETPPID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Asks the kernel to send {@code signal} to this process when the thread that started it
     * ends (which, for a child the launcher thread started, is when the parent process dies).
     *
     * @param signal the signal number
     * @return 0, or {@code -errno}
     */
    public static int setParentDeathSignal(int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int result = (int) PRCTL.invokeExact(errno, PR_SET_PDEATHSIG, (long) signal);
            return result < 0 ? -Ffi.errno(errno) : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reserves the blocks of the first {@code length} bytes of {@code path}, so that writing to
     * them later (through a mapping) cannot fail for want of space: on a full tmpfs a write to an
     * unreserved page of a mapping is a {@code SIGBUS}, not an error.
     *
     * @param path an existing file
     * @param length how many bytes to reserve
     * @return 0, or {@code -errno} ({@code -ENOSPC} when the file system is full)
     */
    public static int reserve(String path, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(errno, arena.allocateFrom(path), O_RDWR);
            if (fd < 0) {
                return -Ffi.errno(errno);
            }
            try {
                int error = (int) FALLOCATE.invokeExact(fd, 0L, length);
                return -error;
            } finally {
                int closed = (int) CLOSE.invokeExact(fd);
                assert closed == 0 : "close(" + fd + ")";
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Makes this process the leader of a new session and process group, so that signals sent to
     * its parent's group (a terminal's Ctrl-C) no longer reach it.
     *
     * @return the new session id, or {@code -errno}
     */
    public static int newSession() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            int result = (int) SETSID.invokeExact(errno);
            return result < 0 ? -Ffi.errno(errno) : result;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        return Ffi.rethrow(t);
    }
}
