package dev.loop.tck;

import dev.loop.spi.PollerFactory;
import org.junit.jupiter.api.Nested;

/**
 * The loop contract, every suite at once: extend this class once per poller or loop
 * implementation, and JUnit runs each suite below as a nested class on your poller, as JCTools'
 * {@code QueueSanityTest} runs one suite per queue.
 *
 * <pre>{@code
 * class MyPollerContractTest extends LoopContract {
 *     @Override
 *     protected PollerFactory pollerFactory() {
 *         return context -> new MyPoller(context);
 *     }
 * }
 * }</pre>
 *
 * <p>For an I/O backend, {@link IoBackendPollers#named(String)} makes the poller factory from the
 * backend's name. The loop itself is the installed implementation (loop-core); to check a loop
 * implementation instead, put it on the module path and return null here, for its default poller.
 */
public abstract class LoopContract extends LoopSuite {

    /** For subclasses, which name the poller under test. */
    protected LoopContract() {
    }

    /** The order of phases, drains, immediates and close callbacks on real time ({@link OrderingContract}). */
    @Nested
    public class Ordering extends OrderingContract {
        /** Made by JUnit. */
        public Ordering() {
        }

        @Override
        protected PollerFactory pollerFactory() {
            return LoopContract.this.pollerFactory();
        }
    }

    /** Per-producer FIFO with concurrent producers, and the bounded queue ({@link SchedulingContract}). */
    @Nested
    public class Scheduling extends SchedulingContract {
        /** Made by JUnit. */
        public Scheduling() {
        }

        @Override
        protected PollerFactory pollerFactory() {
            return LoopContract.this.pollerFactory();
        }
    }

    /** Close() and stop(): idempotent, nothing accepted is dropped ({@link ClosingContract}). */
    @Nested
    public class Closing extends ClosingContract {
        /** Made by JUnit. */
        public Closing() {
        }

        @Override
        protected PollerFactory pollerFactory() {
            return LoopContract.this.pollerFactory();
        }
    }

    /** Uncaught errors and unhandled rejections ({@link ErrorContract}). */
    @Nested
    public class Errors extends ErrorContract {
        /** Made by JUnit. */
        public Errors() {
        }

        @Override
        protected PollerFactory pollerFactory() {
            return LoopContract.this.pollerFactory();
        }
    }

    /** JavaScript promise semantics ({@link PromiseContract}). */
    @Nested
    public class Promises extends PromiseContract {
        /** Made by JUnit. */
        public Promises() {
        }

        @Override
        protected PollerFactory pollerFactory() {
            return LoopContract.this.pollerFactory();
        }
    }

    /** Bad arguments fail fast and say what to do ({@link BadInputContract}). */
    @Nested
    public class BadInput extends BadInputContract {
        /** Made by JUnit. */
        public BadInput() {
        }

        @Override
        protected PollerFactory pollerFactory() {
            return LoopContract.this.pollerFactory();
        }
    }

    /** Handles made on another thread, closed before their forwarded half runs ({@link ForwardedHalfContract}). */
    @Nested
    public class ForwardedHalves extends ForwardedHalfContract {
        /** Made by JUnit. */
        public ForwardedHalves() {
        }

        @Override
        protected PollerFactory pollerFactory() {
            return LoopContract.this.pollerFactory();
        }
    }

    /** Many producers, exact accounting, no lost wake-up ({@link CrossThreadStressContract}). */
    @Nested
    public class CrossThreadStress extends CrossThreadStressContract {
        /** Made by JUnit. */
        public CrossThreadStress() {
        }

        @Override
        protected PollerFactory pollerFactory() {
            return LoopContract.this.pollerFactory();
        }
    }

    /** Producers racing close(): every task runs once or is rejected once ({@link CloseRaceContract}). */
    @Nested
    public class CloseRace extends CloseRaceContract {
        /** Made by JUnit. */
        public CloseRace() {
        }

        @Override
        protected PollerFactory pollerFactory() {
            return LoopContract.this.pollerFactory();
        }
    }
}
