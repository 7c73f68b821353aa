package dev.loop.io.uring;

import dev.loop.io.spi.IoBackend;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.io.spi.IoBackendProvider;
import dev.loop.io.uring.Syscalls.NativeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Provides the io_uring backend, named {@code io_uring}, where this process may use io_uring: on
 * Linux, with native access granted to this module, with {@code kernel.io_uring_disabled} not
 * forbidding it, and with a kernel (5.11 or later) and a seccomp policy that let a ring be set up.
 * Otherwise {@link #unavailabilityCause()} says which of those failed and what to do, and
 * {@code Io.create()} takes the next backend.
 *
 * <p>It ranks above the NIO backend, so {@code Io.create()} takes it wherever it is available;
 * where it is not, loop-io says why once through {@code System.Logger} and takes NIO. Name a
 * backend to choose otherwise: {@code IoOptions.withBackend("nio")} or
 * {@code -Ddev.loop.io.backend=nio}.
 *
 * <p><b>Thread safety:</b> any thread; the probe runs once per process.
 */
public final class UringBackendProvider implements IoBackendProvider {

    private static final Path DISABLED_SYSCTL = Path.of("/proc/sys/kernel/io_uring_disabled");

    /** The outcome of the one probe of this process: null when io_uring is usable. */
    private static final class Probe {
        static final Throwable CAUSE = probe();
    }

    private final Supplier<Throwable> cause;

    /** The provider {@code ServiceLoader} makes. */
    public UringBackendProvider() {
        this(() -> Probe.CAUSE);
    }

    /** A provider whose availability comes from {@code cause} (null: available), for tests. */
    UringBackendProvider(Supplier<Throwable> cause) {
        this.cause = cause;
    }

    @Override
    public String name() {
        return "io_uring";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean isAvailable() {
        return cause.get() == null;
    }

    @Override
    public Throwable unavailabilityCause() {
        return cause.get();
    }

    @Override
    public IoBackend create(IoBackendContext context) {
        Throwable unavailable = cause.get();
        if (unavailable != null) {
            throw new IllegalStateException("the io_uring backend is not available here: " + unavailable.getMessage(), unavailable);
        }
        try {
            return new UringBackend(context);
        } catch (NativeException e) {
            throw new IllegalStateException("the io_uring backend could not set up its ring: " + e.getMessage(), e);
        }
    }

    /** Why io_uring cannot be used in this process, or null when a ring could be set up. */
    private static Throwable probe() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return new UnsupportedOperationException("io_uring is Linux's; this is " + System.getProperty("os.name"));
        }
        Module module = UringBackendProvider.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            String flag = module.isNamed() ? "--enable-native-access=" + module.getName() : "--enable-native-access=ALL-UNNAMED";
            return new IllegalCallerException("native access is not enabled for " + (module.isNamed() ? module : "the class path")
                    + "; start the JVM with " + flag);
        }
        try {
            if (Files.isReadable(DISABLED_SYSCTL) && Files.readString(DISABLED_SYSCTL).strip().equals("2")) {
                return new UnsupportedOperationException("io_uring is disabled on this machine (sysctl kernel.io_uring_disabled=2)");
            }
        } catch (IOException unreadable) {
            // no such setting on this kernel: the setup below decides
        }
        try {
            Ring.create(4).close();
            return null;
        } catch (NativeException e) {
            String why = switch (e.errno()) {
                case Errno.EPERM -> "io_uring is not permitted (kernel.io_uring_disabled, or a seccomp policy such as a container's)";
                case Errno.ENOSYS -> "the kernel has no usable io_uring (Linux 5.11 or later is needed)";
                default -> "setting up a ring failed";
            };
            return new UnsupportedOperationException(why + ": " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            return e;
        }
    }
}
