package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.LoopOptions;
import dev.loop.testkit.VirtualTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test kit's virtual time on a loop with I/O: it never jumps past a work-pool call in flight. */
class VirtualTimeIoTest {

    @Test
    void theClockHoldsWhileAnOffloadIsInFlight() {
        VirtualTime time = VirtualTime.create();
        List<String> log = new ArrayList<>();
        try (Io io = Io.create(IoOptions.defaults().withLoop(time.applyTo(LoopOptions.defaults())))) {
            io.loop().run(() -> {
                io.loop().setTimeout(() -> log.add("1h timer at " + io.loop().now()), 3_600_000);
                io.work().offload(() -> {
                    Thread.sleep(100); // a slow call: ten quiet periods of real time
                    return "done";
                }).thenAccept(value -> log.add(value + " at " + io.loop().now()));
            });
        }
        assertEquals(List.of("done at 0", "1h timer at 3600000"), log);
    }
}
