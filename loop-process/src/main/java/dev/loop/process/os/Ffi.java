package dev.loop.process.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * What every FFM binding of this package shares: looking up libc's functions, capturing
 * {@code errno} into a per-thread scratch segment (a call must not allocate), and rethrowing what a
 * downcall throws.
 *
 * <p><b>Thread safety:</b> any thread; each thread has its own capture segment.
 */
final class Ffi {

    static final Linker LINKER = Linker.nativeLinker();
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> ERRNO_SCRATCH = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(CAPTURE));

    private Ffi() {
    }

    @SuppressWarnings("restricted") // the module is meant to run with --enable-native-access
    static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return optional(name, descriptor, options).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    /** A function that older C libraries lack (glibc's {@code posix_spawn_file_actions_addclosefrom_np}). */
    @SuppressWarnings("restricted")
    static Optional<MethodHandle> optional(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.defaultLookup().find(name).map(symbol -> LINKER.downcallHandle(symbol, descriptor, options));
    }

    /** This thread's errno capture segment, for a handle made with {@link #CAPTURE_ERRNO}. */
    static MemorySegment errnoScratch() {
        return ERRNO_SCRATCH.get();
    }

    /** The errno a call captured into {@code capture}. */
    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
