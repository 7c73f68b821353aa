package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fault tests' check that nothing leaks: after each test, the open file descriptors of this
 * JVM are those open before it, or fewer (a fixture made before the test may close), and every thread it started has ended (each is joined,
 * up to 10 s, rather than slept for). Register with {@code @ExtendWith(ResourceBaseline.class)}.
 */
final class ResourceBaseline implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ResourceBaseline.class);
    private static final Path FDS = Path.of("/proc/self/fd");

    private record Before(Set<String> descriptors, Set<Thread> threads) {
    }

    static {
        // The JDK opens some descriptors once, on first use, and keeps them (java.net.Socket's
        // close uses a socket pair made lazily): make them before any baseline is taken.
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, loopback);
             Socket client = new Socket(loopback, server.getLocalPort());
             Socket accepted = server.accept()) {
            accepted.getOutputStream().write(1);
            client.getInputStream().read();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", new Before(descriptors(), liveThreads()));
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        Before before = context.getStore(NAMESPACE).get("before", Before.class);
        Set<Thread> started = liveThreads();
        started.removeAll(before.threads());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<String> left = new HashSet<>();
        for (Thread thread : started) {
            long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            thread.join(Math.max(1, wait));
            if (thread.isAlive()) {
                left.add(thread.getName());
            }
        }
        assertEquals(Set.of(), left, "threads left behind");
        Set<String> opened = descriptors();
        opened.removeAll(before.descriptors());
        assertEquals(Set.of(), opened, "file descriptors left open");
    }

    /** This JVM's open descriptors, as "number -> target"; empty where /proc is missing. */
    private static Set<String> descriptors() {
        Set<String> open = new HashSet<>();
        if (!Files.isDirectory(FDS)) {
            return open;
        }
        try (Stream<Path> listing = Files.list(FDS)) {
            listing.forEach(fd -> {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (!target.toString().endsWith("/fd")) { // the listing's own directory stream
                        open.add(fd.getFileName() + " -> " + target);
                    }
                } catch (IOException gone) {
                    // the listing's own descriptor, closed by now
                }
            });
        } catch (IOException e) {
            return new HashSet<>();
        }
        return open;
    }

    /** Threads the JDK or JUnit start once and keep (a child process's reaper, JUnit's timeout watcher). */
    private static boolean isPooledByTheJdkOrJunit(String name) {
        return name.startsWith("process reaper") || name.startsWith("junit-") || name.equals("Common-Cleaner")
                || name.equals("Attach Listener") || name.startsWith("ForkJoinPool.commonPool");
    }

    private static Set<Thread> liveThreads() {
        Set<Thread> live = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !isPooledByTheJdkOrJunit(thread.getName())) {
                live.add(thread);
            }
        }
        return live;
    }
}
