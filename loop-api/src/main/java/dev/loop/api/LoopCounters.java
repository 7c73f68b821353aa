package dev.loop.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a loop has done since it was created, counted as it goes: its iterations, the callbacks
 * each phase ran (a timer, an immediate, a poll-phase completion or task, a close callback; the
 * nextTicks and microtasks that drain after each are not counted), the tasks other threads handed
 * it, and how many such tasks wait now.
 *
 * @param iterations iterations of the loop (libuv's {@code uv_metrics_info} loop count)
 * @param callbacks callbacks run, by the phase they ran in
 * @param crossThreadTasks tasks from other threads ({@code execute}) that ran
 * @param queueDepth tasks from other threads waiting now (approximate while they arrive)
 */
public record LoopCounters(long iterations, Map<Phase, Long> callbacks, long crossThreadTasks, int queueDepth) {

    /** Copies the map. */
    public LoopCounters {
        EnumMap<Phase, Long> copy = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            copy.put(phase, callbacks.getOrDefault(phase, 0L));
        }
        callbacks = Collections.unmodifiableMap(copy);
    }

    /**
     * The timers that fired: the callbacks of the timers phase.
     *
     * @return the count
     */
    public long timersFired() {
        return callbacks.get(Phase.TIMERS);
    }
}
