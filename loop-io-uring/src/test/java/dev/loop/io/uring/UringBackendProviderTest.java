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
        java.util.Set<String> entries = new java.util.LinkedHashSet<>();
        entries.add(java.nio.file.Path.of(NativeAccessProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String property : java.util.List.of("jdk.module.path", "java.class.path")) {
            for (String entry : System.getProperty(property, "").split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(entry);
                }
            }
        }
        Process child = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(java.io.File.pathSeparator, entries), NativeAccessProbe.class.getName()).start();
        String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        String err = new String(child.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(out.contains("--enable-native-access=ALL-UNNAMED"), out);
        assertEquals("", err, "no JDK warning about native access");
    }
}
