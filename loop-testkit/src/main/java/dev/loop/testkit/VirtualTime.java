package dev.loop.testkit;

import dev.loop.api.EventLoop;
import dev.loop.api.LoopOptions;
import dev.loop.api.ResourceKind;
import dev.loop.spi.LoopClock;
import dev.loop.spi.Poller;
import dev.loop.spi.PollerContext;
import dev.loop.spi.PollerFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * Virtual time for a loop that does real I/O: the loop's clock stands still while anything
 * happens, and once the loop has had nothing to do for a short real quiet period it jumps straight
 * to the loop's next timer. A server's 60-second timeout is then tested at exactly 60 virtual
 * seconds, in milliseconds of real time, over real sockets.
 *
 * <pre>{@code
 * VirtualTime time = VirtualTime.create();
 * try (Io io = Io.create(IoOptions.defaults().withLoop(time.applyTo(LoopOptions.defaults())))) {
 *     io.loop().run(() -> ...);          // a keepAliveTimeout of 5 s ends a connection at virtual 5 s
 * }
 * }</pre>
 *
 * <p>How a jump is decided: the poll phase, asked to wait, first waits for real, but only for the
 * quiet period. If nothing came in that time (no I/O, no wake-up from another thread) and the loop
 * asks to wait again, with the timeout it computed afresh after that quiet wait, the clock moves by
 * that timeout at once, so no timer an I/O callback set in the meantime is jumped over. The clock
 * never moves while a work-pool call ({@link PollerContext#offloadStarted()}) is in flight: its
 * reply is a real event that virtual time must wait for. A loop with nothing to wait for waits for
 * real, as always.
 *
 * <p>What it cannot see: I/O still travelling inside the kernel or in another process when the
 * quiet period ends. Peers on the same loop over loopback are never in that state (a write has
 * reached the peer's socket when it returns); a peer in another process that takes longer than the
 * quiet period to answer is, and lets time jump.
 *
 * <p><b>Thread safety:</b> one {@code VirtualTime} serves one loop, and is read on that loop's
 * thread ({@link #elapsed()} included).
 */
public final class VirtualTime {

    /** The default real quiet period before a jump. */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(10);

    private final VirtualClock clock = new VirtualClock();
    private final long quietNanos;
    private boolean used;
    private long jumps;

    private VirtualTime(Duration quietPeriod) {
        this.quietNanos = quietPeriod.toNanos();
    }

    /**
     * Virtual time at 0 that jumps after {@link #DEFAULT_QUIET_PERIOD} of real quiet.
     *
     * @return the virtual time
     */
    public static VirtualTime create() {
        return new VirtualTime(DEFAULT_QUIET_PERIOD);
    }

    /**
     * Virtual time at 0 that jumps after {@code quietPeriod} of real quiet: longer for peers that
     * answer slowly (another process), shorter for a faster test.
     *
     * @param quietPeriod the real time with nothing happening after which the clock may jump
     * @return the virtual time
     * @throws IllegalArgumentException if {@code quietPeriod} is not positive
     */
    public static VirtualTime withQuietPeriod(Duration quietPeriod) {
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        if (quietPeriod.isNegative() || quietPeriod.isZero()) {
            throw new IllegalArgumentException("the quiet period must be positive, got " + quietPeriod);
        }
        return new VirtualTime(quietPeriod);
    }

    /**
     * {@code options} on this virtual clock, with its poller (whichever the loop gets: the
     * default, or an I/O backend's) wrapped to jump when quiet.
     *
     * @param options the loop's options otherwise
     * @return the options to create the one loop with
     */
    public LoopOptions applyTo(LoopOptions options) {
        return options.withClock(clock).withPollerDecorator(inner -> context -> {
            if (used) {
                throw new IllegalStateException("this VirtualTime already serves a loop; create one VirtualTime per loop");
            }
            used = true;
            OffloadCounting counted = new OffloadCounting(context);
            return new JumpingPoller(inner.create(counted), counted);
        });
    }

    /**
     * How much virtual time has passed since the loop was created.
     *
     * @return the virtual time
     */
    public Duration elapsed() {
        return Duration.ofNanos(clock.nanoTime());
    }

    /**
     * How many times the clock has jumped: each one cost a real quiet period.
     *
     * @return the count
     */
    public long jumps() {
        return jumps;
    }

    /** The poller that waits for real up to the quiet period, then moves the clock. */
    private final class JumpingPoller implements Poller {
        private final Poller real;
        private final OffloadCounting context;
        /** The last wait lasted the whole quiet period with nothing to do, and nothing ran since. */
        private boolean quiet;

        JumpingPoller(Poller real, OffloadCounting context) {
            this.real = real;
            this.context = context;
        }

        @Override
        public void poll(long timeoutNanos) {
            if (timeoutNanos == 0 || timeoutNanos == INFINITE || context.offloads > 0) {
                quiet = false;
                real.poll(timeoutNanos == 0 ? 0 : timeoutNanos == INFINITE ? INFINITE : quietNanos);
                return;
            }
            if (quiet) {
                // the timeout was computed after the quiet wait, so it counts every timer set since
                quiet = false;
                clock.moveTo(clock.nanoTime() + timeoutNanos);
                jumps++;
                real.poll(0); // what arrives now arrives at the new time
                return;
            }
            long start = System.nanoTime();
            real.poll(quietNanos);
            quiet = System.nanoTime() - start >= quietNanos;
        }

        @Override
        public void wakeup() {
            real.wakeup();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /** The loop's context, counting the work-pool calls in flight, passed to the real poller. */
    private static final class OffloadCounting implements PollerContext {
        private final PollerContext loop;
        /** Loop thread only: the backend reports offloads there. */
        private int offloads;

        OffloadCounting(PollerContext loop) {
            this.loop = loop;
        }

        @Override
        public void offloadStarted(ResourceKind kind) {
            offloads++;
            loop.offloadStarted(kind);
        }

        @Override
        public void offloadFinished(ResourceKind kind) {
            offloads--;
            loop.offloadFinished(kind);
        }

        @Override
        public EventLoop loop() {
            return loop.loop();
        }

        @Override
        public Offer offer(Runnable task) {
            return loop.offer(task);
        }

        @Override
        public boolean deliverUnlessClosed(Runnable task) {
            return loop.deliverUnlessClosed(task);
        }

        @Override
        public void invoke(Runnable callback) {
            loop.invoke(callback);
        }

        @Override
        public void deferPending(Runnable callback) {
            loop.deferPending(callback);
        }

        @Override
        public void updateTime() {
            loop.updateTime();
        }

        @Override
        public void requestStarted(ResourceKind kind) {
            loop.requestStarted(kind);
        }

        @Override
        public void requestFinished(ResourceKind kind) {
            loop.requestFinished(kind);
        }

        @Override
        public LoopClock clock() {
            return loop.clock();
        }

        @Override
        public Thread owner() {
            return loop.owner();
        }
    }
}
