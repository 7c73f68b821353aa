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
 * Linux 6.0 or later (multishot receive, provided buffer rings and cancellation by descriptor),
 * with native access granted to this module, with {@code kernel.io_uring_disabled} not forbidding
 * it, and with a seccomp policy that lets a ring be set up.
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
            return new UringBackend(context, !"eventfd".equals(System.getProperty("dev.loop.io.uring.wakeup")));
        } catch (NativeException e) {
            throw new IllegalStateException("the io_uring backend could not set up its ring: " + e.getMessage(), e);
        }
    }

    /** Whether a kernel release such as {@code 6.18.44-generic} is at least {@code major.minor}. */
    static boolean atLeast(String release, int major, int minor) {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!version.find()) {
            return false;
        }
        int foundMajor = Integer.parseInt(version.group(1));
        return foundMajor > major || foundMajor == major && Integer.parseInt(version.group(2)) >= minor;
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
        String release = System.getProperty("os.version", "");
        if (!atLeast(release, 6, 0)) {
            return new UnsupportedOperationException("the kernel is " + release + "; the io_uring backend needs Linux 6.0 or later"
                    + " (multishot receive, provided buffer rings, cancellation by descriptor)");
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
                case Errno.ENOSYS -> "the kernel has no usable io_uring (Linux 6.0 or later is needed)";
                default -> "setting up a ring failed";
            };
            return new UnsupportedOperationException(why + ": " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            return e;
        }
    }
}
