package dev.loop.tck;

import dev.loop.api.EventLoop;
import org.junit.jupiter.api.BeforeEach;

/**
 * A suite whose tests each get one fresh loop with the poller under test, in {@link #loop}.
 *
 * <p><b>Thread safety:</b> as {@link LoopSuite}.
 */
public abstract class OneLoopSuite extends LoopSuite {

    /** The test's loop, owned by JUnit's thread; made before each test. */
    protected EventLoop loop;

    /** For subclasses. */
    protected OneLoopSuite() {
    }

    /** Makes the test's loop. */
    @BeforeEach
    public void createLoop() {
        loop = newLoop();
    }
}
