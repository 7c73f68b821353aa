package dev.loop.process.ipc;

import dev.loop.process.ring.RingHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The lost wake-up that {@link Control}'s Dekker pairing rules out. The writer publishes a message
 * (the ring's release store of its tail), then a full fence, then reads whether the reader sleeps
 * (as {@code ChannelEnd.published}); the reader announces that it sleeps (a volatile store and a
 * full fence, {@code Control.setSleeping}), then looks at the ring once more (as
 * {@code ChannelEnd.sleep}). If neither saw the other, the reader would sleep on a message that
 * nobody wakes it for.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both saw each other")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the writer saw the sleeper and wakes it")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the reader saw the message and does not sleep")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "a lost wake-up")
@State
public class DoorbellStress {

    private final Control control = Control.inMemory();
    private final RingHandles ring = RingHandles.inMemory(4096);

    @Actor
    public void writer(II_Result r) {
        ring.write(new byte[] {42});
        VarHandle.fullFence();
        r.r1 = control.sleeping(Control.CHILD) ? 1 : 0;
    }

    @Actor
    public void sleeper(II_Result r) {
        control.setSleeping(Control.CHILD, true);
        r.r2 = ring.hasNext() ? 1 : 0;
    }
}
