package dev.loop.io.uring;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The system calls the backend makes itself, through FFM: the three io_uring calls (through libc's
 * variadic {@code syscall}, as liburing's helpers are static inline and so cannot be bound), the
 * ring's mappings, and the few descriptor calls a submission cannot make. Calls that can fail
 * capture {@code errno} into a segment the caller owns, so a call allocates nothing; they return
 * {@code -errno} on failure, as the kernel's own calls do, never throwing for an errno.
 *
 * <p><b>Thread safety:</b> any thread, each with its own capture segment ({@link #errnoSegment}).
 */
final class Syscalls {

    /** System call numbers, the same on x86_64 and aarch64 (the io_uring calls are in the generic table). */
    static final long IO_URING_SETUP = 425;
    static final long IO_URING_ENTER = 426;
    static final long IO_URING_REGISTER = 427;

    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int MAP_SHARED = 0x01;
    static final int MAP_POPULATE = 0x08000;
    static final int EFD_CLOEXEC = 0x80000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** {@code long syscall(long number, ...)}, with six long arguments after the number. */
    private static final MethodHandle SYSCALL = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), ERRNO);
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), ERRNO);
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle EVENTFD = downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle MALLOC = downcall("malloc", FunctionDescriptor.of(ADDRESS, JAVA_LONG));
    private static final MethodHandle FREE = downcall("free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle STATX = downcall("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), ERRNO);
    private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle SHUTDOWN = downcall("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle LISTEN = downcall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle GETSOCKNAME = downcall("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ERRNO);
    private static final MethodHandle GETPEERNAME = downcall("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ERRNO);
    /** For the wake-up from any thread: no errno wanted (a full eventfd counter still wakes). */
    private static final MethodHandle WRITE = downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

    private Syscalls() {
    }

    @SuppressWarnings("restricted") // the module runs with --enable-native-access; the provider checks it first
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.defaultLookup().find(name)
                .map(symbol -> LINKER.downcallHandle(symbol, descriptor, options))
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name));
    }

    /** A segment for one thread's calls to capture errno into. */
    static MemorySegment errnoSegment(java.lang.foreign.Arena arena) {
        return arena.allocate(CAPTURE);
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO_VALUE.get(capture, 0L);
    }

    /** {@code syscall(number, a..f)}: the result, or {@code -errno}. */
    static long syscall(MemorySegment capture, long number, long a, long b, long c, long d, long e, long f) {
        try {
            long result = (long) SYSCALL.invokeExact(capture, number, a, b, c, d, e, f);
            return result == -1 ? -errno(capture) : result;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mmap} of {@code length} bytes of {@code fd} at {@code offset}, shared and read-write. */
    @SuppressWarnings("restricted") // sizing the mapping the kernel just made
    static MemorySegment mmap(MemorySegment capture, int fd, long length, long offset) throws NativeException {
        try {
            MemorySegment address = (MemorySegment) MMAP.invokeExact(capture, MemorySegment.NULL, length,
                    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
            if (address.address() == -1L) {
                throw new NativeException("mmap", errno(capture));
            }
            return address.reinterpret(length);
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void munmap(MemorySegment mapping) {
        try {
            int ignored = (int) MUNMAP.invokeExact(mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code malloc(size)}: memory that is not zeroed, sized; {@link OutOfMemoryError} when there is none. */
    @SuppressWarnings("restricted") // sizing the block malloc just returned
    static MemorySegment malloc(long size) {
        try {
            MemorySegment block = (MemorySegment) MALLOC.invokeExact(size);
            if (block.address() == 0) {
                throw new OutOfMemoryError("malloc(" + size + ") failed");
            }
            return block.reinterpret(size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void free(MemorySegment block) {
        try {
            FREE.invokeExact(block);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code statx(dirfd, path, flags, mask, into)}: 0, or {@code -errno}. */
    static int statx(MemorySegment capture, int dirfd, MemorySegment path, int flags, int mask, MemorySegment into) {
        try {
            int result = (int) STATX.invokeExact(capture, dirfd, path, flags, mask, into);
            return result < 0 ? -errno(capture) : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code close(fd)}: 0, or {@code -errno}. */
    static int close(MemorySegment capture, int fd) {
        try {
            int result = (int) CLOSE.invokeExact(capture, fd);
            return result == -1 ? -errno(capture) : result;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * A close-on-exec eventfd, blocking: the ring's read of it then waits (through the kernel's
     * poll) instead of failing with EAGAIN.
     */
    static int eventfd(MemorySegment capture) throws NativeException {
        try {
            int fd = (int) EVENTFD.invokeExact(capture, 0, EFD_CLOEXEC);
            if (fd < 0) {
                throw new NativeException("eventfd", errno(capture));
            }
            return fd;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code socket(domain, type, 0)}: the descriptor, or {@code -errno}. */
    static int socket(MemorySegment capture, int domain, int type) {
        try {
            int fd = (int) SOCKET.invokeExact(capture, domain, type, 0);
            return fd < 0 ? -errno(capture) : fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code bind(fd, address, length)}: 0, or {@code -errno}. */
    static int bind(MemorySegment capture, int fd, MemorySegment address, int length) {
        try {
            int result = (int) BIND.invokeExact(capture, fd, address, length);
            return result < 0 ? -errno(capture) : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code shutdown(fd, how)}: 0, or {@code -errno}. */
    static int shutdown(MemorySegment capture, int fd, int how) {
        try {
            int result = (int) SHUTDOWN.invokeExact(capture, fd, how);
            return result < 0 ? -errno(capture) : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code listen(fd, backlog)}: 0, or {@code -errno}. */
    static int listen(MemorySegment capture, int fd, int backlog) {
        try {
            int result = (int) LISTEN.invokeExact(capture, fd, backlog);
            return result < 0 ? -errno(capture) : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code setsockopt} of an int option: 0, or {@code -errno}. */
    static int setsockopt(MemorySegment capture, int fd, int level, int option, MemorySegment intValue) {
        try {
            int result = (int) SETSOCKOPT.invokeExact(capture, fd, level, option, intValue, 4);
            return result < 0 ? -errno(capture) : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code getsockname} (or {@code getpeername} when {@code peer}) into {@code address}: 0, or {@code -errno}. */
    static int socketName(MemorySegment capture, int fd, boolean peer, MemorySegment address, MemorySegment length) {
        try {
            int result = peer ? (int) GETPEERNAME.invokeExact(capture, fd, address, length)
                    : (int) GETSOCKNAME.invokeExact(capture, fd, address, length);
            return result < 0 ? -errno(capture) : 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Adds {@code value} (8 bytes at {@code eight}) to an eventfd's counter; errors are ignored. */
    static void signal(int eventfd, MemorySegment eight) {
        try {
            long ignored = (long) WRITE.invokeExact(eventfd, eight, 8L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** A system call that failed: which one, and its errno. */
    static final class NativeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int errno;

        NativeException(String call, int errno) {
            super(call + " failed: " + Errno.describe(errno));
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }
}
