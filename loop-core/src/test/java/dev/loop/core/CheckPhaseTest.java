package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check phase without a loop: Node's {@code processImmediate} drains, the batch taken at the
 * start, and the second batch after a last immediate that threw.
 */
class CheckPhaseTest {

    private final CoreEventLoop owner = (CoreEventLoop) new VirtualTime().newLoop();
    private final ImmediateQueue queue = new ImmediateQueue();
    private final RecordingHost host = new RecordingHost();
    private final CheckPhase phase = new CheckPhase(queue, host);

    private ImmediateHandle immediate(Runnable callback) {
        ImmediateHandle handle = new ImmediateHandle(owner, callback);
        queue.add(handle);
        return handle;
    }

    @Test
    void opensWithADrainThenDrainsBetweenImmediatesAndAtTheEnd() {
        immediate(host.logs("i1"));
        immediate(host.logs("i2"));
        phase.run();
        assertEquals(List.of("drain", "i1", "drain", "i2", "drain"), host.log);
        assertFalse(queue.hasRefed());
    }

    @Test
    void withNothingQueuedOnlyTheOpeningDrainRuns() {
        phase.run();
        assertEquals(List.of("drain"), host.log);
    }

    @Test
    void immediatesQueuedDuringThePhaseWaitForTheNextOne() {
        immediate(() -> {
            host.log.add("i1");
            immediate(host.logs("later"));
        });
        phase.run();
        assertEquals(List.of("drain", "i1", "drain"), host.log);
        assertTrue(queue.hasRefed());
    }

    @Test
    void afterAThrowTheNextImmediateRunsUndrained() {
        immediate(host.throwsAfterLogging("i1"));
        immediate(host.logs("i2"));
        phase.run();
        assertEquals(List.of("drain", "i1", "report i1", "i2", "drain"), host.log);
    }

    @Test
    void whenTheLastImmediateThrowsThoseQueuedSinceRunInThisPhase() {
        immediate(() -> {
            host.log.add("i1");
            immediate(host.logs("i3"));
        });
        immediate(host.throwsAfterLogging("i2"));
        phase.run();
        assertEquals(List.of("drain", "i1", "drain", "i2", "report i2", "i3", "drain"), host.log);
    }

    @Test
    void immediatesQueuedByTheOpeningDrainRunInThisPhase() {
        host.duringNextDrain = () -> immediate(host.logs("from a tick"));
        phase.run();
        assertEquals(List.of("drain", "from a tick", "drain"), host.log);
    }
}
