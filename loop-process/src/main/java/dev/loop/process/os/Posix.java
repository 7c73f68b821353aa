package dev.loop.process.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The file-descriptor calls behind child processes' pipes and exits, through the FFM API: pipes,
 * non-blocking reads and writes, {@code pidfd_open(2)}, {@code pidfd_send_signal(2)} and
 * {@code waitid(P_PIDFD)}. Each returns its result, or {@code -errno} on failure.
 *
 * <p><b>Thread safety:</b> any thread. A descriptor's owner decides who may use it.
 */
public final class Posix {

    /** {@code EAGAIN}: a non-blocking descriptor is not ready. */
    public static final int EAGAIN = 11;
    /** {@code EINTR}: a signal interrupted the call. */
    public static final int EINTR = 4;
    /** {@code EPIPE}: the pipe's read end is closed. */
    public static final int EPIPE = 32;
    /** {@code ENOENT}: no such file or directory. */
    public static final int ENOENT = 2;
    /** {@code EACCES}: permission denied. */
    public static final int EACCES = 13;

    static final int O_CLOEXEC = 0x80000;
    static final int O_NONBLOCK = 0x800;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int P_PIDFD = 3;
    private static final int WEXITED = 4;
    private static final int WNOHANG = 1;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424; // the same number on x86-64 and AArch64
    private static final long SYS_PIDFD_OPEN = 434;

    private static final MethodHandle PIPE2 = Ffi.downcall("pipe2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Ffi.CAPTURE_ERRNO);
    /*
     * read and write on a non-blocking pipe return at once (they copy what is there, or fail with
     * EAGAIN), so they are called as critical functions, which may take heap memory: the bytes go
     * straight between the pipe and a Java array, with no copy through native memory.
     */
    private static final MethodHandle READ = Ffi.downcall("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), Ffi.CAPTURE_ERRNO, Linker.Option.critical(true));
    private static final MethodHandle WRITE = Ffi.downcall("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), Ffi.CAPTURE_ERRNO, Linker.Option.critical(true));
    private static final MethodHandle CLOSE = Ffi.downcall("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Ffi.CAPTURE_ERRNO);
    /** fcntl(fd, cmd, ...): variadic after the command. */
    private static final MethodHandle FCNTL = Ffi.downcall("fcntl", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2),
            Ffi.CAPTURE_ERRNO);
    private static final MethodHandle SYSCALL_2 = Ffi.downcall("syscall", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(1),
            Ffi.CAPTURE_ERRNO);
    private static final MethodHandle SYSCALL_4 = Ffi.downcall("syscall", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(1), Ffi.CAPTURE_ERRNO);
    private static final MethodHandle WAITID = Ffi.downcall("waitid", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Ffi.CAPTURE_ERRNO);

    /** siginfo_t's fields that waitid fills: si_code at 8, si_pid at 16, si_status at 24 (128 bytes in all). */
    private static final long SI_CODE = 8;
    private static final long SI_PID = 16;
    private static final long SI_STATUS = 24;
    private static final int CLD_EXITED = 1;
    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(
            () -> java.lang.foreign.Arena.ofAuto().allocate(128, 8));

    private Posix() {
    }

    /**
     * Makes a pipe whose two ends close on exec.
     *
     * @return {read end, write end}
     * @throws java.io.IOException when the process or system is out of descriptors
     */
    public static int[] pipe() throws java.io.IOException {
        MemorySegment fds = SCRATCH.get();
        MemorySegment errno = Ffi.errnoScratch();
        try {
            int result = (int) PIPE2.invokeExact(errno, fds, O_CLOEXEC);
            if (result < 0) {
                throw new java.io.IOException("pipe2 failed: errno " + Ffi.errno(errno));
            }
        } catch (java.io.IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Ffi.rethrow(t);
        }
        return new int[] {fds.get(ValueLayout.JAVA_INT, 0), fds.get(ValueLayout.JAVA_INT, 4)};
    }

    /**
     * Makes {@code fd} non-blocking (the parent's end of a child's pipe; the child's end stays
     * blocking, as programs expect).
     *
     * @param fd the descriptor
     * @return 0, or {@code -errno}
     */
    public static int setNonBlocking(int fd) {
        MemorySegment errno = Ffi.errnoScratch();
        try {
            int flags = (int) FCNTL.invokeExact(errno, fd, F_GETFL, 0);
            if (flags < 0) {
                return -Ffi.errno(errno);
            }
            int result = (int) FCNTL.invokeExact(errno, fd, F_SETFL, flags | O_NONBLOCK);
            return result < 0 ? -Ffi.errno(errno) : 0;
        } catch (Throwable t) {
            throw Ffi.rethrow(t);
        }
    }

    /**
     * Sets a pipe's capacity ({@code F_SETPIPE_SZ}).
     *
     * @param fd either end of the pipe
     * @param bytes the capacity wanted; the kernel rounds it up to a power-of-two number of pages
     * @return the capacity set, or {@code -errno} ({@code -EPERM} past the user's limit)
     */
    public static int setPipeSize(int fd, int bytes) {
        MemorySegment errno = Ffi.errnoScratch();
        try {
            int result = (int) FCNTL.invokeExact(errno, fd, F_SETPIPE_SZ, bytes);
            return result < 0 ? -Ffi.errno(errno) : result;
        } catch (Throwable t) {
            throw Ffi.rethrow(t);
        }
    }

    /**
     * Reads up to {@code length} bytes into memory, a Java array's included, from a non-blocking
     * descriptor (a blocking read would stall the garbage collector: the call is critical).
     *
     * @return the bytes read, 0 at end of file, or {@code -errno} ({@code -EAGAIN} when none wait)
     */
    public static long read(int fd, MemorySegment buffer, long length) {
        return transfer(READ, fd, buffer, length);
    }

    /**
     * Writes up to {@code length} bytes from memory, a Java array's included, to a non-blocking
     * descriptor (as {@link #read}, never a blocking one).
     *
     * @return the bytes written, or {@code -errno} ({@code -EAGAIN} when the pipe is full,
     *     {@code -EPIPE} when nobody reads it)
     */
    public static long write(int fd, MemorySegment buffer, long length) {
        return transfer(WRITE, fd, buffer, length);
    }

    /** {@code read} or {@code write}: the same signature, the same errno capture. */
    private static long transfer(MethodHandle call, int fd, MemorySegment buffer, long length) {
        MemorySegment errno = Ffi.errnoScratch();
        try {
            long result = (long) call.invokeExact(errno, fd, buffer, length);
            return result < 0 ? -Ffi.errno(errno) : result;
        } catch (Throwable t) {
            throw Ffi.rethrow(t);
        }
    }

    /**
     * Closes a descriptor.
     *
     * @return 0, or {@code -errno}
     */
    public static int close(int fd) {
        MemorySegment errno = Ffi.errnoScratch();
        try {
            int result = (int) CLOSE.invokeExact(errno, fd);
            return result < 0 ? -Ffi.errno(errno) : 0;
        } catch (Throwable t) {
            throw Ffi.rethrow(t);
        }
    }

    /**
     * A descriptor that refers to process {@code pid} for as long as it is open, even after the
     * process is reaped and its pid reused: it becomes readable when the process exits.
     *
     * @return the descriptor (close-on-exec), or {@code -errno}
     */
    public static int pidfdOpen(long pid) {
        MemorySegment errno = Ffi.errnoScratch();
        try {
            long result = (long) SYSCALL_2.invokeExact(errno, SYS_PIDFD_OPEN, (int) pid, 0);
            return result < 0 ? -Ffi.errno(errno) : (int) result;
        } catch (Throwable t) {
            throw Ffi.rethrow(t);
        }
    }

    /**
     * Sends {@code signal} to the process a pidfd refers to; never to a process that reused its pid.
     *
     * @return 0, or {@code -errno} ({@code -ESRCH} once it has exited)
     */
    public static int pidfdSignal(int pidfd, int signal) {
        MemorySegment errno = Ffi.errnoScratch();
        try {
            long result = (long) SYSCALL_4.invokeExact(errno, SYS_PIDFD_SEND_SIGNAL, pidfd, signal, MemorySegment.NULL, 0);
            return result < 0 ? -Ffi.errno(errno) : 0;
        } catch (Throwable t) {
            throw Ffi.rethrow(t);
        }
    }

    /**
     * Reaps the process a pidfd refers to if it has exited, without blocking.
     *
     * @return {@code code} (0..255) if it exited, {@code -signal} (at most -1) if a signal ended it,
     *     or {@link Integer#MIN_VALUE} if it is still running
     * @throws IllegalStateException if {@code waitid} fails (not our child, a closed pidfd)
     */
    public static int reap(int pidfd) {
        MemorySegment info = SCRATCH.get();
        info.fill((byte) 0);
        MemorySegment errno = Ffi.errnoScratch();
        try {
            int result = (int) WAITID.invokeExact(errno, P_PIDFD, pidfd, info, WEXITED | WNOHANG);
            if (result < 0) {
                throw new IllegalStateException("waitid(P_PIDFD, " + pidfd + ") failed: errno " + Ffi.errno(errno));
            }
        } catch (Throwable t) {
            throw Ffi.rethrow(t);
        }
        if (info.get(ValueLayout.JAVA_INT, SI_PID) == 0) {
            return Integer.MIN_VALUE;
        }
        int status = info.get(ValueLayout.JAVA_INT, SI_STATUS);
        return info.get(ValueLayout.JAVA_INT, SI_CODE) == CLD_EXITED ? status : -status;
    }
}
