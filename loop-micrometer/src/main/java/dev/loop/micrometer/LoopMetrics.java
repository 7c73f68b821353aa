package dev.loop.micrometer;

import dev.loop.api.DelayHistogram;
import dev.loop.api.EventLoop;
import dev.loop.api.LoopCounters;
import dev.loop.api.LoopUtilization;
import dev.loop.api.Phase;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Binds one loop's health to a {@link MeterRegistry}, in the style of Micrometer's own
 * {@code ExecutorServiceMetrics}. Every meter carries the tag {@code loop} with the name given
 * here, so several loops can be bound to one registry.
 *
 * <pre>{@code
 * DelayHistogram delay = loop.monitorDelay(Duration.ofMillis(10)); // on the loop's thread
 * delay.enable();
 * LoopMetrics.monitor(registry, loop, "main", delay);
 * }</pre>
 *
 * <table>
 * <caption>The meters</caption>
 * <tr><th>name</th><th>type</th><th>what</th></tr>
 * <tr><td>{@code loop.utilization}</td><td>gauge</td><td>active time over active and idle time
 *     since the previous reading of this gauge (since the loop began, the first time): Node's
 *     {@code eventLoopUtilization()} between two readings. Each reading starts a new window, so
 *     with two registries reading it, prefer the rates of {@code loop.active} and
 *     {@code loop.idle}</td></tr>
 * <tr><td>{@code loop.active}, {@code loop.idle}</td><td>function counters, seconds</td><td>the
 *     cumulative times; their rates give the utilisation over any window</td></tr>
 * <tr><td>{@code loop.iterations}</td><td>function counter</td><td>iterations of the loop</td></tr>
 * <tr><td>{@code loop.callbacks}</td><td>function counter, tag {@code phase}</td><td>callbacks
 *     run, by phase ({@code timers}, {@code poll}, {@code check}...)</td></tr>
 * <tr><td>{@code loop.tasks.cross.thread}</td><td>function counter</td><td>tasks other threads
 *     submitted that ran</td></tr>
 * <tr><td>{@code loop.tasks.queued}</td><td>gauge</td><td>tasks from other threads waiting</td></tr>
 * <tr><td>{@code loop.active.resources}</td><td>gauge, tag {@code kind}</td><td>what keeps the loop
 *     alive ({@link EventLoop#activeResources()}), one gauge per kind: the kinds loop's modules
 *     name, those active on the loop when the binder is bound, and any given to
 *     {@link #withKinds}</td></tr>
 * <tr><td>{@code loop.delay.percentile}</td><td>time gauge, tag {@code phi}</td><td>with a
 *     {@link DelayHistogram}: its 50th, 90th and 99th percentiles ({@code phi} 0.5, 0.9, 0.99, as
 *     Micrometer tags a timer's percentiles)</td></tr>
 * <tr><td>{@code loop.delay.max}, {@code loop.delay.mean}</td><td>time gauges</td><td>with a
 *     {@link DelayHistogram}: its maximum and mean</td></tr>
 * </table>
 *
 * <p><b>Thread safety:</b> bind from any thread; the meters read the loop from the registry's
 * threads, through the loop's any-thread readings.
 */
public final class LoopMetrics implements MeterBinder, AutoCloseable {

    /** The kinds loop's own modules name, so their gauges exist before a first resource of each. */
    private static final List<String> KNOWN_KINDS = List.of("Timeout", "Immediate", "Task", "KeepAlive",
            "CompletionStage", "Work", "TCPServer", "TCPSocket", "TCPConnect", "TCPWrite", "TCPShutdown",
            "FSReqCallback", "DNSLookup", "ChildProcess", "Pipe", "ParentPort", "IPCWrite", "HeldSignal", "Worker",
            "MessagePort", "BroadcastChannel", "AtomicsWaitAsync");
    private static final double[] PERCENTILES = {50, 90, 99};

    private final EventLoop loop;
    private final String name;
    private final Iterable<Tag> extraTags;
    private final Tags tags;
    private final DelayHistogram delay;
    private final Set<String> kinds;
    /** The reading the utilisation gauge compares with; replaced at each reading. */
    private LoopUtilization previous;
    /** Every meter this binder registered, with its registry, for {@link #close()}. */
    private final List<Map.Entry<MeterRegistry, Meter>> registered = new CopyOnWriteArrayList<>();

    private LoopMetrics(EventLoop loop, String name, Iterable<Tag> tags, DelayHistogram delay, Set<String> kinds) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.name = Objects.requireNonNull(name, "name");
        this.extraTags = Objects.requireNonNull(tags, "tags");
        this.tags = Tags.concat(tags, "loop", name);
        this.delay = delay;
        this.kinds = kinds;
    }

    /**
     * A binder for {@code loop}'s utilisation, counters and active resources.
     *
     * @param loop the loop
     * @param name the value of the {@code loop} tag
     * @param tags more tags for every meter
     */
    public LoopMetrics(EventLoop loop, String name, Iterable<Tag> tags) {
        this(loop, name, tags, null, new LinkedHashSet<>(KNOWN_KINDS));
    }

    /**
     * This binder, binding {@code delay}'s percentiles, maximum and mean too. The histogram must
     * be enabled (on the loop's thread) to record anything.
     *
     * @param delay a histogram from {@link EventLoop#monitorDelay}
     * @return a new binder
     */
    public LoopMetrics withDelay(DelayHistogram delay) {
        return new LoopMetrics(loop, name, extraTags, Objects.requireNonNull(delay, "delay"), kinds);
    }

    /**
     * This binder, with a gauge for each of these resource kinds too (kinds of your own, named
     * with {@code ResourceKind.of}).
     *
     * @param names the kinds' names
     * @return a new binder
     */
    public LoopMetrics withKinds(String... names) {
        Set<String> more = new LinkedHashSet<>(kinds);
        more.addAll(List.of(names));
        return new LoopMetrics(loop, name, extraTags, delay, more);
    }

    /**
     * Binds {@code loop}'s meters to {@code registry}.
     *
     * @param registry the registry
     * @param loop the loop
     * @param name the value of the {@code loop} tag
     * @param tags more tags, as key-value pairs
     * @return the binder, whose {@link #close()} removes the meters again
     */
    public static LoopMetrics monitor(MeterRegistry registry, EventLoop loop, String name, String... tags) {
        LoopMetrics metrics = new LoopMetrics(loop, name, Tags.of(tags));
        metrics.bindTo(registry);
        return metrics;
    }

    /**
     * Binds {@code loop}'s meters and {@code delay}'s to {@code registry}.
     *
     * @param registry the registry
     * @param loop the loop
     * @param name the value of the {@code loop} tag
     * @param delay a histogram from {@link EventLoop#monitorDelay}, enabled
     * @param tags more tags, as key-value pairs
     * @return the binder, whose {@link #close()} removes the meters again
     */
    public static LoopMetrics monitor(MeterRegistry registry, EventLoop loop, String name, DelayHistogram delay, String... tags) {
        LoopMetrics metrics = new LoopMetrics(loop, name, Tags.of(tags)).withDelay(delay);
        metrics.bindTo(registry);
        return metrics;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if a loop with the same {@code loop} tag and tags is bound to
     *     {@code registry} already
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        if (registry.find("loop.iterations").tags(tags).functionCounter() != null) {
            // Micrometer would hand back the meters already there, and close() would remove another loop's.
            throw new IllegalStateException("a loop tagged loop=" + name + " (with these tags) is bound to this registry"
                    + " already; give each loop a name of its own, or close() the earlier binder first");
        }
        Consumer<Meter> bound = meter -> registered.add(Map.entry(registry, meter));
        bound.accept(Gauge.builder("loop.utilization", this, LoopMetrics::utilizationSincePrevious).tags(tags)
                .description("Active time over all time since the previous reading (Node's eventLoopUtilization)")
                .baseUnit("ratio").strongReference(true).register(registry)); // nobody else holds this binder
        bound.accept(FunctionCounter.builder("loop.active", loop, l -> seconds(l.utilization().active())).tags(tags)
                .description("Time the loop ran callbacks and its phases").baseUnit("seconds").register(registry));
        bound.accept(FunctionCounter.builder("loop.idle", loop, l -> seconds(l.utilization().idle())).tags(tags)
                .description("Time the loop waited in its poll phase").baseUnit("seconds").register(registry));
        bound.accept(FunctionCounter.builder("loop.iterations", loop, l -> l.counters().iterations()).tags(tags)
                .description("Iterations of the loop").register(registry));
        for (Phase phase : Phase.values()) {
            bound.accept(FunctionCounter.builder("loop.callbacks", loop, l -> callbacks(l.counters(), phase)).tags(tags)
                    .tag("phase", phase.name().toLowerCase(Locale.ROOT))
                    .description("Callbacks the loop ran in this phase").register(registry));
        }
        bound.accept(FunctionCounter.builder("loop.tasks.cross.thread", loop, l -> l.counters().crossThreadTasks()).tags(tags)
                .description("Tasks other threads submitted that ran").register(registry));
        bound.accept(Gauge.builder("loop.tasks.queued", loop, l -> l.counters().queueDepth()).tags(tags)
                .description("Tasks from other threads waiting to run").register(registry));
        Set<String> all = new LinkedHashSet<>(kinds);
        all.addAll(loop.activeResources().keySet()); // kinds of one's own already in use
        for (String kind : all) {
            bound.accept(Gauge.builder("loop.active.resources", loop, l -> l.activeResources().getOrDefault(kind, 0)).tags(tags)
                    .tag("kind", kind).description("Handles and requests of this kind that keep the loop alive")
                    .register(registry));
        }
        if (delay != null) {
            for (double percentile : PERCENTILES) {
                bound.accept(TimeGauge.builder("loop.delay.percentile", delay, TimeUnit.NANOSECONDS, d -> d.percentile(percentile)).tags(tags)
                        .tag("phi", String.valueOf(percentile / 100)).strongReference(true)
                        .description("How late the loop came back to its timers (Node's monitorEventLoopDelay)")
                        .register(registry));
            }
            bound.accept(TimeGauge.builder("loop.delay.max", delay, TimeUnit.NANOSECONDS, DelayHistogram::max).tags(tags)
                    .description("The longest delay recorded").strongReference(true).register(registry));
            bound.accept(TimeGauge.builder("loop.delay.mean", delay, TimeUnit.NANOSECONDS, DelayHistogram::mean).tags(tags)
                    .description("The mean delay").strongReference(true).register(registry));
        }
    }

    /**
     * Removes the meters this binder registered from their registries: for a loop that closed (a
     * worker's, say), whose meters would otherwise stay, reading its last values.
     */
    @Override
    public void close() {
        for (Map.Entry<MeterRegistry, Meter> entry : registered) {
            entry.getKey().remove(entry.getValue());
            registered.remove(entry); // one by one: a bindTo meanwhile adds entries a clear() would lose
        }
    }

    private synchronized double utilizationSincePrevious() {
        LoopUtilization now = loop.utilization();
        LoopUtilization window = previous == null ? now : now.since(previous);
        previous = now;
        return window.utilization();
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static double callbacks(LoopCounters counters, Phase phase) {
        Long count = counters.callbacks().get(phase);
        return count == null ? 0 : count;
    }
}
