package dev.loop.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.io.Io;
import dev.loop.io.IoOptions;
import dev.loop.spi.PollerFactory;
import dev.loop.tck.IoBackendPollers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The provider: chosen first where io_uring works, and clear about why where it does not. */
class UringBackendProviderTest {

    /** This project's machines allow io_uring: the module's tests run there, on it. */
    @Test
    void ioUringIsAvailableAndChosenFirst() {
        UringBackendProvider provider = new UringBackendProvider();
        assertTrue(provider.isAvailable(), () -> "unavailable: " + provider.unavailabilityCause());
        assertTrue(provider.priority() > 0, "ranked above NIO's 0");
        try (Io io = Io.create()) {
            assertEquals("io_uring", io.backend());
        }
        try (Io io = Io.create(IoOptions.defaults().withBackend("nio"))) {
            assertEquals("nio", io.backend());
        }
    }

    /**
     * Wake-ups go through IORING_OP_MSG_RING on this kernel, and each of many hand-offs from this
     * thread wakes the blocked loop (a lost one would hang here until the timeout).
     */
    @Test
    void otherThreadsWakeTheLoopThroughMsgRing() throws Exception {
        AtomicReference<UringBackend> backend = new AtomicReference<>();
        PollerFactory uring = IoBackendPollers.named("io_uring");
        PollerFactory capturing = loop -> {
            UringBackend created = (UringBackend) uring.create(loop);
            backend.set(created);
            return created;
        };
        EventLoop loop = EventLoop.startThread(LoopOptions.defaults().withName("uring-wakeups").withPoller(capturing));
        try {
            for (int i = 0; i < 2000; i++) {
                CompletableFuture<Integer> ran = new CompletableFuture<>();
                int round = i;
                loop.execute(() -> ran.complete(round));
                assertEquals(round, ran.get(10, TimeUnit.SECONDS));
            }
            assertEquals("msg_ring", backend.get().wakeupMechanism());
        } finally {
            loop.close();
        }
    }

    @Test
    void theRingUsesTheFastestSetupThisKernelTakes() throws Exception {
        try (Ring ring = Ring.create(8)) {
            assertEquals(ParamsDescriptor.IORING_SETUP_SINGLE_ISSUER | ParamsDescriptor.IORING_SETUP_DEFER_TASKRUN
                    | ParamsDescriptor.IORING_SETUP_TASKRUN_FLAG, ring.setupFlags());
        }
    }

    @Test
    void anUnavailableProviderSaysWhyAndCreatesNothing() {
        UnsupportedOperationException cause = new UnsupportedOperationException("io_uring is disabled on this machine (sysctl kernel.io_uring_disabled=2)");
        UringBackendProvider provider = new UringBackendProvider(() -> cause);
        assertFalse(provider.isAvailable());
        assertSame(cause, provider.unavailabilityCause());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> provider.create(null));
        assertTrue(refused.getMessage().contains("kernel.io_uring_disabled=2"), refused.getMessage());
    }

    @Test
    void kernelsBeforeSixAreRefused() {
        assertTrue(UringBackendProvider.atLeast("6.18.44-fc-v1252", 6, 0));
        assertTrue(UringBackendProvider.atLeast("6.0.0", 6, 0));
        assertFalse(UringBackendProvider.atLeast("5.19.17-generic", 6, 0));
        assertFalse(UringBackendProvider.atLeast("unknown", 6, 0));
    }

    /**
     * Started without --enable-native-access, the provider makes no FFM call (so the JDK prints no
     * warning) and says which flag to add.
     */
    @Test
    void withoutNativeAccessItSaysWhichFlagToAdd() throws Exception {
        Child child = Child.run(NativeAccessProbe.class);
        assertTrue(child.out().contains("--enable-native-access=ALL-UNNAMED"), child.out());
        assertEquals("", child.err(), "no JDK warning about native access");
    }

    /**
     * The real switch: {@code sysctl kernel.io_uring_disabled=2} (as root, put back after), and a
     * JVM started then falls back to NIO for every loop, saying why once.
     */
    @Test
    void withIoUringDisabledByTheKernelItFallsBackToNioAndSaysSoOnce() throws Exception {
        java.nio.file.Path sysctl = java.nio.file.Path.of("/proc/sys/kernel/io_uring_disabled");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isWritable(sysctl)
                && "root".equals(System.getProperty("user.name")), "needs root, to set kernel.io_uring_disabled");
        String was = java.nio.file.Files.readString(sysctl).strip();
        Child child;
        try {
            java.nio.file.Files.writeString(sysctl, "2");
            child = Child.run(FallbackProbe.class, "--enable-native-access=ALL-UNNAMED");
        } finally {
            java.nio.file.Files.writeString(sysctl, was);
        }
        assertEquals("nio\nnio", child.out());
        assertEquals(1, child.err().split("using nio instead", -1).length - 1, child.err());
        assertTrue(child.err().contains("The io_uring I/O backend is not available here (io_uring is disabled on this machine"
                + " (sysctl kernel.io_uring_disabled=2)); using nio instead"), child.err());
    }

    /** A test's main class run in a JVM of its own, on this one's class and module path as a class path. */
    private record Child(String out, String err) {
        static Child run(Class<?> main, String... jvmArgs) throws Exception {
            java.util.Set<String> entries = new java.util.LinkedHashSet<>();
            entries.add(java.nio.file.Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            for (String property : java.util.List.of("jdk.module.path", "java.class.path")) {
                for (String entry : System.getProperty(property, "").split(java.io.File.pathSeparator)) {
                    if (!entry.isBlank()) {
                        entries.add(entry);
                    }
                }
            }
            java.util.List<String> command = new java.util.ArrayList<>();
            command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(java.util.List.of(jvmArgs));
            command.addAll(java.util.List.of("-cp", String.join(java.io.File.pathSeparator, entries), main.getName()));
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return child.getErrorStream().readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            return new Child(out, new String(err.get(30, TimeUnit.SECONDS), java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }
}
