package dev.loop.core.jfr;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * loop-core's JFR events: a flag the loops read before timing a callback (so a JVM that records
 * nothing of ours pays a field read per callback), and the periodic statistics hook over every
 * live loop. Nothing touches JFR until it is running: registering with the recorder costs tens of
 * milliseconds of startup, so loops call {@link #noticeRecorder} now and then (when they wait, and
 * every 1024 iterations), which reads whether JFR is up; once it is, a recorder listener and the
 * periodic hook are registered and keep the flag current. A busy loop may so miss the long
 * callbacks of a recording's first 1024 iterations.
 *
 * <p><b>Thread safety:</b> any thread.
 */
public final class LoopEvents {

    /** Whether a recording enables {@link LongCallbackEvent}: read by loops per callback. */
    private static volatile boolean longCallbacks;
    /** The loops the statistics event reports on, with what writes one event for each. */
    private static final Map<Object, Consumer<LoopStatisticsEvent>> LOOPS = new WeakHashMap<>();

    /** Whether the listener and the periodic hook are registered (only once JFR is up: registering costs startup time). */
    private static volatile boolean hooked;

    private LoopEvents() {
    }

    /** Looks whether JFR is up (a volatile read); registers with it the first time it is. */
    public static void noticeRecorder() {
        if (hooked || !FlightRecorder.isInitialized()) {
            return; // hooked: the listener keeps the flag current; else JFR is not up, and nothing records
        }
        synchronized (LOOPS) {
            if (!hooked) {
                FlightRecorder.addListener(new FlightRecorderListener() {
                    @Override
                    public void recordingStateChanged(Recording recording) {
                        refresh();
                    }
                });
                FlightRecorder.addPeriodicEvent(LoopStatisticsEvent.class, LoopEvents::statistics);
                hooked = true;
            }
        }
        refresh();
    }

    /**
     * Whether loops should time their callbacks for {@link LongCallbackEvent} now.
     *
     * @return true while a running recording enables it
     */
    public static boolean longCallbacks() {
        return longCallbacks;
    }

    /**
     * Adds a loop to the statistics event, until it is unreachable or {@link #forget}.
     *
     * @param loop the loop
     * @param fill sets one event's fields for it
     */
    public static void register(Object loop, Consumer<LoopStatisticsEvent> fill) {
        synchronized (LOOPS) {
            LOOPS.put(loop, fill);
        }
    }

    /**
     * Removes a closed loop.
     *
     * @param loop the loop
     */
    public static void forget(Object loop) {
        synchronized (LOOPS) {
            LOOPS.remove(loop);
        }
    }

    private static void refresh() {
        boolean on = false;
        for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (recording.getState() == RecordingState.RUNNING) {
                on = true;
            }
        }
        longCallbacks = on && EventType.getEventType(LongCallbackEvent.class).isEnabled();
    }

    private static void statistics() {
        java.util.List<Consumer<LoopStatisticsEvent>> fills;
        synchronized (LOOPS) {
            fills = java.util.List.copyOf(LOOPS.values());
        }
        for (Consumer<LoopStatisticsEvent> fill : fills) {
            LoopStatisticsEvent event = new LoopStatisticsEvent();
            fill.accept(event);
            event.commit();
        }
    }
}
