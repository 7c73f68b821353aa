package dev.loop.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import dev.loop.testkit.TestLoop;
import java.lang.module.ModuleDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A module that requires only {@code dev.loop.api} (and the test kit, which requires only the API
 * too) gets a working loop: {@link EventLoop#create()} binds {@code dev.loop.core} through
 * {@link java.util.ServiceLoader}, on the module path, without either module ever reading
 * {@code dev.loop.core}.
 */
class ServiceLoaderIT {

    private static final Duration LOOP_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void testsRunOnTheModulePath() {
        Module api = EventLoop.class.getModule();
        assertTrue(api.isNamed(), "dev.loop.api is on the class path, not the module path: " + api);
        assertEquals("dev.loop.api", api.getName());
        assertEquals("dev.loop.it", ServiceLoaderIT.class.getModule().getName(),
                "the tests must be patched into module dev.loop.it");
    }

    @Test
    void createFindsLoopCoreThroughServiceLoader() {
        assertEquals("core", EventLoop.provider().name());
        assertEquals("dev.loop.core", EventLoop.provider().getClass().getModule().getName());
        EventLoop loop = EventLoop.create();
        try {
            assertEquals("dev.loop.core", loop.getClass().getModule().getName());
        } finally {
            loop.close();
        }
    }

    @Test
    void neitherThisModuleNorTheKitReadsCore() {
        Module self = ServiceLoaderIT.class.getModule();
        Module core = self.getLayer().findModule("dev.loop.core")
                .orElseThrow(() -> new AssertionError("dev.loop.core is not in the layer: it was not bound as a"
                        + " service provider, so it is on the class path or missing"));
        Set<String> requires = self.getDescriptor().requires().stream()
                .map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("dev.loop.api", "dev.loop.testkit", "dev.loop.tck", "java.base"), requires);
        assertFalse(ModuleLayer.boot().findModule("dev.loop.tck").orElseThrow().canRead(core),
                "dev.loop.tck must not read dev.loop.core: its suites test whatever loop is installed");
        assertTrue(self.canRead(EventLoop.class.getModule()), "dev.loop.it must read dev.loop.api");
        assertFalse(self.canRead(core), "dev.loop.it must not read dev.loop.core");
        Module kit = TestLoop.class.getModule();
        assertEquals("dev.loop.testkit", kit.getName());
        assertFalse(kit.canRead(core), "dev.loop.testkit must not read dev.loop.core: it binds it through ServiceLoader");
    }

    @Test
    void aModuleThatReadsOnlyTheApiRunsALoop() {
        List<String> ran = assertTimeoutPreemptively(LOOP_TIMEOUT, () -> {
            List<String> log = new ArrayList<>();
            EventLoop loop = EventLoop.create();
            try {
                loop.run(() -> {
                    loop.setTimeout(() -> log.add("timeout"), 1);
                    log.add("entry");
                });
                log.add("run returned");
            } finally {
                loop.close();
            }
            return log;
        }, "run() did not return once its only timer had fired");
        assertEquals(List.of("entry", "timeout", "run returned"), ran);
    }
}
