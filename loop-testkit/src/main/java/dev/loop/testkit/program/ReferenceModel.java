package dev.loop.testkit.program;

import dev.loop.api.Phase;
import dev.loop.testkit.Chooser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An executable model of the loop's iteration as {@code EventLoop} documents it (with Node's timer
 * lists and its rule for callbacks that throw) that predicts what a {@link Program} does on a virtual clock. It shares no code with
 * loop-core: plain lists, linear scans, one method per phase, written to be read next to the
 * EventLoop Javadoc rather than to be fast.
 *
 * <p>The rules it encodes:
 * <ol>
 *   <li>An iteration runs timers, then poll (wait, then arrivals from other threads), then check
 *       (the immediates queued before it began). Whether the loop is alive (a referenced timer or
 *       immediate, or a submission in flight) is asked right after the timers, as libuv does
 *       since 1.45: after the check phase the next timers run first. The first iteration is the
 *       exception: libuv asks before the timers it runs ahead of it, and runs that iteration's
 *       poll and check phases even if those timers left nothing referenced (an unreferenced
 *       immediate then still runs).</li>
 *   <li>Timers live in one list per duration, in arming order. Due lists run in order of
 *       (expiry, id); a list runs until its first timer that is not due, and is then rescheduled
 *       for that timer with a new id. A list found empty goes away, and so does the empty list of a
 *       referenced timer's duration when that timer is cleared (even from its own callback, when it
 *       is no longer in the list); clearing an unreferenced one leaves the list at its expiry and
 *       id, for the next timer of its duration to join. Cancelling a list's first timer
 *       leaves the list's expiry as it was.</li>
 *   <li>Poll waits only when no referenced immediate is queued and something referenced exists;
 *       it waits until Node's timer fires or the next arrival, whichever is first. The timer is
 *       set for a new list that expires before every other, and, when a timers phase ends, for
 *       the first list's expiry; removing a list does not move it, so it can fire with nothing
 *       due, and the timers phase then runs all the same (and drains). The timers phase runs
 *       only when the timer has fired.</li>
 *   <li>After every callback the nextTick queue drains, then the microtask queue, until both are
 *       empty. A nextTick that throws ends a drain (a microtask that throws does not), and what it
 *       leaves waits for the next drain: there is no second attempt. Drains come between two
 *       timers or two immediates, when any other callback or the main script ends, when the
 *       timers phase ends (whenever it runs: rule 3) and the check phase ends (if an immediate was
 *       queued), and at the start of every check phase (Node's scope for native immediates), so
 *       that immediates a drain there queues run in that phase. A callback that throws is
 *       followed by no drain at all, with one exception in the timers phase: Node calls
 *       processTimers again, which drains before each list but the first it visits, so if the
 *       list that threw turns out spent, the next list is drained first.</li>
 *   <li>Promise reactions are microtasks; a skipped handler passes the outcome on in one.</li>
 *   <li>When the last immediate of a check batch throws, the immediates queued since then run at
 *       once as another batch of the same phase (Node calls processImmediate again).</li>
 *   <li>Every reported error queues a referenced no-op immediate (Node's
 *       {@code setImmediate(noop)} after an uncaught exception), so the next poll does not wait.</li>
 *   <li>Virtual time moves when the poll phase waits and when a callback is busy
 *       ({@link Op.Busy}). The loop's cached time ({@code loop.now()}) is the clock as last read:
 *       at the start of every iteration (the timers phase decides what is due with that read, in
 *       every pass), after a poll that waited, and whenever a timer is armed, as Node's
 *       {@code getLibuvNow()} updates libuv's time: setTimeout, setInterval and refresh start at
 *       the time of the call, and an interval's next run counts from a read just before its
 *       callback. The poll timeout counts from the cached time, so a poll after a busy callback
 *       wakes late, as libuv's does. When a round of the timers phase (Node's RunTimers) ends,
 *       Node's timer is set for the first list's expiry, or for 1 ms after the cached time when
 *       that expiry has passed; and libuv (1.46, Node 20's) fires it again at once, for another
 *       round with a fresh read, while it is due at the cached time: a timer armed by the
 *       round's end drain runs in the same phase if later arms moved the cached time past it.</li>
 * </ol>
 *
 * <p><b>Thread safety:</b> {@link #predict} may be called from any thread.
 */
public final class ReferenceModel {

    private static final long NO_TIME = Long.MAX_VALUE;

    /** One armed (or fired, or cleared) timer. */
    private static final class Timer {
        final Callback callback;
        final long duration;
        final int count; // 0 for a timeout
        long start;
        int runs;
        boolean ref = true;
        boolean destroyed; // cleared, or a timeout whose callback has returned (Node's _destroyed)
        TimerList list; // null while not armed

        Timer(Callback callback, long duration, int count) {
            this.callback = callback;
            this.duration = duration;
            this.count = count;
        }
    }

    private static final class TimerList {
        final long duration;
        long expiry;
        long id;
        final List<Timer> timers = new ArrayList<>();

        TimerList(long duration) {
            this.duration = duration;
        }
    }

    private static final class Immediate {
        final Callback callback;
        boolean ref = true;
        boolean queued = true;

        Immediate(Callback callback) {
            this.callback = callback;
        }
    }

    private record Arrival(long at, int rank, long sequence, Callback callback) { }

    /** A JS promise: pending, fulfilled or rejected, with the reactions waiting for it. */
    private static final class Promise {
        int state; // 0 pending, 1 fulfilled, 2 rejected
        final List<Runnable> reactions = new ArrayList<>();
    }

    private final Chooser chooser;
    private final List<Prediction.Event> events = new ArrayList<>();
    private final List<Prediction.Arm> arms = new ArrayList<>();
    private final ArrayDeque<Callback> ticks = new ArrayDeque<>();
    private final ArrayDeque<Runnable> microtasks = new ArrayDeque<>();
    private final List<TimerList> lists = new ArrayList<>();
    private final List<Immediate> immediates = new ArrayList<>();
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Map<String, Object> handles = new HashMap<>();
    /** Virtual time: moved by the poll phase's waits and by busy steps (rule 8). */
    private long clock;
    /** The loop's cached time, {@code loop.now()}: the clock as last read (rule 8). */
    private long loopTime;
    private long iteration;
    private Phase phase = Phase.MAIN;
    private long nextListId;
    /** Node's nextExpiry in timers.js: lowered by a list that expires before it, reset per pass. */
    private long nextExpiry = NO_TIME;
    /** When Node's libuv timer fires; it never moves when a list goes, so it can find nothing due. */
    private long wake = NO_TIME;
    private long submissions;

    private ReferenceModel(long seed) {
        this.chooser = Chooser.seeded(seed);
    }

    /**
     * Predicts what {@code program} does on a test loop seeded with {@code seed}.
     *
     * @param program the program
     * @param seed the seed of the test loop whose run is predicted
     * @return the prediction
     * @throws IllegalStateException if the program never ends (more than a million iterations)
     */
    public static Prediction predict(Program program, long seed) {
        Objects.requireNonNull(program, "program");
        ReferenceModel model = new ReferenceModel(seed);
        model.run(program.main());
        return new Prediction(model.events, model.arms, model.clock, model.iteration);
    }

    // ================================================================ the loop

    private void run(List<Op> main) {
        perform(main);
        drainAsCallbackEnds(); // the main script is a callback
        boolean alive = alive();
        if (alive) {
            timersStep(); // libuv enters its first iteration on the answer from before these timers
        }
        while (alive) {
            pollPhase();
            checkPhase();
            alive = timersStep();
        }
    }

    /** A new iteration's timers, then whether the loop is alive (rule 1: libuv 1.45 and later). */
    private boolean timersStep() {
        if (++iteration > 1_000_000) {
            throw new IllegalStateException("the program did not end within a million iterations");
        }
        timersPhase();
        return alive();
    }

    private boolean alive() {
        long refs = lists.stream().flatMap(l -> l.timers.stream()).filter(t -> t.ref).count()
                + immediates.stream().filter(i -> i.queued && i.ref).count()
                + arrivals.size();
        return refs > 0;
    }

    /**
     * Rule 2 and rule 4 as Node runs them: the phase runs when Node's libuv timer fires (rule 3);
     * each pass is one call of processTimers, which drains before every due list but the first;
     * a throw (from a timer or from a drain) ends the pass, and another starts at the same time.
     * The round ends with a drain, even when nothing was due; libuv fires the timer again while it
     * is due at the cached time (rule 8).
     */
    private void timersPhase() {
        phase = Phase.TIMERS;
        readClock(); // libuv's uv__update_time before its timers
        while (wake <= loopTime) {
            round(readClock()); // RunTimers' GetNow(): every pass of the round works with it
        }
    }

    /** One call of Node's RunTimers. */
    private void round(long now) {
        wake = NO_TIME;
        boolean threw;
        do {
            threw = false;
            nextExpiry = NO_TIME;
            boolean firstList = true;
            TimerList list;
            while (!threw && (list = dueList(now)) != null) {
                if (!firstList && !drain()) {
                    threw = true;
                } else {
                    firstList = false;
                    threw = !runList(list, now);
                }
            }
        } while (threw);
        if (!lists.isEmpty()) {
            // processTimers returns the first list's expiry; RunTimers sets the timer for it, from
            // the loop's cached time, and for 1 ms when that expiry has passed already (rule 8)
            nextExpiry = firstExpiry();
            wake = Math.max(nextExpiry, loopTime + 1);
        }
        drainAsCallbackEnds();
    }

    /** The first list by (expiry, id) if it is due at {@code now}, else null. */
    private TimerList dueList(long now) {
        TimerList first = lists.stream()
                .min(Comparator.comparingLong((TimerList l) -> l.expiry).thenComparingLong(l -> l.id))
                .orElse(null);
        return first != null && first.expiry <= now ? first : null;
    }

    /** Node's listOnTimeout: the list's due timers, drained between; false if something threw. */
    private boolean runList(TimerList list, long now) {
        boolean drainFirst = false;
        Timer timer;
        while ((timer = dueHead(list, now)) != null) {
            if (drainFirst) {
                if (!drain()) {
                    return false;
                }
                drainFirst = false;
                if (timer.list == null) {
                    continue; // the drain cleared it: look again
                }
                // Node runs the timer it looked at before the drain, even one the drain refreshed
            }
            timer.list.timers.remove(timer);
            timer.list = null;
            if (fire(timer)) {
                return false;
            }
            drainFirst = true;
        }
        return true;
    }

    /**
     * The list's first timer if it is due; else null, after dropping the list if it is empty or
     * rescheduling it (with a new id) for its first timer. Null too if clearing removed the list.
     */
    private Timer dueHead(TimerList list, long now) {
        if (!lists.contains(list)) {
            return null;
        }
        if (list.timers.isEmpty()) {
            lists.remove(list);
            return null;
        }
        Timer timer = list.timers.get(0);
        if (now - timer.start < list.duration) {
            list.expiry = Math.max(timer.start + list.duration, now + 1);
            list.id = nextListId++;
            return null;
        }
        return timer;
    }

    /** Runs a timer's callback; returns whether it threw (the error is reported). */
    private boolean fire(Timer timer) {
        Callback callback = timer.callback;
        boolean threw;
        if (timer.count == 0) {
            threw = call(callback, callback.label());
            if (timer.list == null) {
                timer.destroyed = true; // spent, unless it refreshed itself
            }
        } else {
            long start = readClock(); // Node's listOnTimeout reads it before an interval's callback
            timer.runs++;
            record(callback.label() + "#" + timer.runs);
            perform(callback.body());
            if (timer.runs == timer.count) {
                clear(timer); // from inside its callback, as the program's own clearInterval would
            }
            if (!timer.destroyed) {
                armFrom(timer, timer.callback.label() + "#" + (timer.runs + 1), start); // before the error is reported
            }
            threw = callback.throwsAfter();
        }
        if (threw) {
            reportError(callback);
        }
        return threw;
    }

    private void pollPhase() {
        phase = Phase.POLL;
        boolean refImmediate = immediates.stream().anyMatch(i -> i.queued && i.ref);
        if (!refImmediate && alive()) {
            // the timeout counts from the cached time, which a busy callback left behind (rule 8)
            long timeout = wake == NO_TIME ? NO_TIME : Math.max(0, wake - loopTime);
            if (timeout != 0) {
                long until = Math.min(timeout == NO_TIME ? NO_TIME : clock + timeout, nextArrival());
                if (until == NO_TIME) {
                    throw new IllegalStateException("the program waits forever at virtual time " + clock + " ms");
                }
                clock = Math.max(clock, until);
                readClock(); // after a poll that waited
            }
        }
        List<Arrival> due = arrivals.stream().filter(a -> a.at <= clock)
                .sorted(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::rank).thenComparingLong(Arrival::sequence))
                .toList();
        arrivals.removeAll(due);
        for (Arrival arrival : due) {
            if (call(arrival.callback, arrival.callback.label())) {
                reportError(arrival.callback);
            } else {
                drainAsCallbackEnds();
            }
        }
    }

    private void checkPhase() {
        phase = Phase.CHECK;
        drain(); // rule 4: the drain that opens every check phase, before the batch is taken
        if (immediates.isEmpty()) {
            return;
        }
        boolean again;
        do {
            again = false;
            List<Immediate> batch = List.copyOf(immediates);
            boolean drainFirst = false;
            while (firstQueued(batch) != null) {
                if (drainFirst) {
                    drain(); // rule 4: one attempt between two immediates
                }
                Immediate immediate = firstQueued(batch);
                if (immediate == null) {
                    break; // the drain cleared the rest
                }
                immediate.queued = false;
                immediates.remove(immediate);
                boolean threw = immediate.callback != null && call(immediate.callback, immediate.callback.label());
                if (threw) {
                    reportError(immediate.callback);
                    again = firstQueued(batch) == null; // rule 6
                }
                drainFirst = !threw;
            }
        } while (again && !immediates.isEmpty());
        drainAsCallbackEnds();
    }

    private static Immediate firstQueued(List<Immediate> batch) {
        return batch.stream().filter(i -> i.queued).findFirst().orElse(null);
    }

    private long firstExpiry() {
        return lists.stream().mapToLong(l -> l.expiry).min().orElse(NO_TIME);
    }

    private long nextArrival() {
        return arrivals.stream().mapToLong(Arrival::at).min().orElse(NO_TIME);
    }

    // ================================================================ callbacks

    /** Records the label and runs the body; returns whether the callback throws. */
    private boolean call(Callback callback, String label) {
        record(label);
        perform(callback.body());
        return callback.throwsAfter();
    }

    /** Rule 4: the drain when a callback, or the timers or check phase, ends: one attempt. */
    private void drainAsCallbackEnds() {
        drain();
    }

    /** The handler records the error; then Node queues a no-op immediate (rule 7). */
    private void reportError(Callback callback) {
        record("!" + callback.label());
        immediates.add(new Immediate(null));
    }

    /** One drain; returns false if a nextTick threw and so ended it (rule 4). */
    private boolean drain() {
        do {
            while (!ticks.isEmpty()) {
                Callback tick = ticks.poll();
                if (call(tick, tick.label())) {
                    reportError(tick);
                    return false;
                }
            }
            while (!microtasks.isEmpty()) {
                microtasks.poll().run();
            }
        } while (!ticks.isEmpty());
        return true;
    }

    private Runnable queued(Callback callback) {
        return () -> {
            if (call(callback, callback.label())) {
                reportError(callback); // the drain goes on
            }
        };
    }

    private void record(String label) {
        events.add(new Prediction.Event(label, phase, iteration, loopTime, clock));
    }

    /** The loop reads the clock into its cached time (rule 8). */
    private long readClock() {
        loopTime = clock;
        return loopTime;
    }

    // ================================================================ operations

    private void perform(List<Op> ops) {
        for (Op op : ops) {
            switch (op) {
                case Op.NextTick o -> ticks.add(o.callback());
                case Op.QueueMicrotask o -> microtasks.add(queued(o.callback()));
                case Op.SetTimeout o -> {
                    Timer timer = new Timer(o.callback(), Math.max(1, o.delayMillis()), 0);
                    handles.put(o.callback().label(), timer);
                    arm(timer, o.callback().label());
                }
                case Op.SetInterval o -> {
                    Timer timer = new Timer(o.callback(), Math.max(1, o.periodMillis()), o.count());
                    handles.put(o.callback().label(), timer);
                    arm(timer, o.callback().label() + "#1");
                }
                case Op.SetImmediate o -> {
                    Immediate immediate = new Immediate(o.callback());
                    handles.put(o.callback().label(), immediate);
                    immediates.add(immediate);
                }
                case Op.Execute o -> {
                    Chooser.Arrival arrival = chooser.nextArrival();
                    arrivals.add(new Arrival(clock + arrival.delayMillis(), arrival.rank(), submissions++, o.callback()));
                }
                case Op.PromiseChain o -> chain(o);
                case Op.Clear o -> clear(handles.get(o.target()));
                case Op.Refresh o -> refresh(handles.get(o.target()));
                case Op.Ref o -> setRef(handles.get(o.target()), true);
                case Op.Unref o -> setRef(handles.get(o.target()), false);
                case Op.Busy o -> clock += o.millis();
            }
        }
    }

    /** Arms from the time of the call: Node's insert() reads the clock first (rule 8). */
    private void arm(Timer timer, String armLabel) {
        armFrom(timer, armLabel, readClock());
    }

    /**
     * Node's insert(): into the list of the timer's duration (made, and the timer scheduled for
     * it, if there is none), at the end, from {@code start}; a timer already in its list moves to
     * the end.
     */
    private void armFrom(Timer timer, String armLabel, long start) {
        if (timer.list != null) {
            timer.list.timers.remove(timer);
        }
        TimerList list = lists.stream().filter(l -> l.duration == timer.duration).findFirst().orElse(null);
        if (list == null) {
            list = new TimerList(timer.duration);
            list.expiry = start + timer.duration;
            list.id = nextListId++;
            lists.add(list);
            if (list.expiry < nextExpiry) { // Node's insert() schedules the timer for it
                nextExpiry = list.expiry;
                wake = list.expiry;
            }
        }
        timer.start = start;
        timer.list = list;
        list.timers.add(timer);
        arms.add(new Prediction.Arm(armLabel, start + timer.duration));
    }

    /**
     * Node's unenroll: a timer leaves its list; then, if it was referenced, the list of its
     * duration goes if it is empty, found by duration, so a timer cleared from its own callback
     * (no longer in the list) takes its emptied list with it too.
     */
    private void clear(Object handle) {
        if (handle instanceof Timer timer) {
            if (timer.destroyed) {
                return;
            }
            timer.destroyed = true;
            if (timer.list != null) {
                timer.list.timers.remove(timer);
                timer.list = null;
            }
            if (timer.ref) {
                lists.removeIf(l -> l.duration == timer.duration && l.timers.isEmpty());
            }
        } else if (handle instanceof Immediate immediate && immediate.queued) {
            immediate.queued = false;
            immediates.remove(immediate);
        }
    }

    /** Node's refresh() of a waiting timeout (Op.Refresh: only those): to the end of its list, from now. */
    private void refresh(Object handle) {
        if (handle instanceof Timer timer && timer.count == 0 && timer.list != null) {
            arm(timer, timer.callback.label());
        }
    }

    private static void setRef(Object handle, boolean ref) {
        if (handle instanceof Timer timer) {
            timer.ref = ref;
        } else if (handle instanceof Immediate immediate) {
            immediate.ref = ref;
        }
    }

    // ================================================================ promises

    private void chain(Op.PromiseChain op) {
        Promise promise = new Promise();
        promise.state = op.startRejected() ? 2 : 1;
        for (Op.Step step : op.steps()) {
            promise = then(promise, step);
        }
        then(promise, null); // the silent catch at the end
    }

    /** {@code promise.then(handler)} or {@code .catch(handler)}; a null step is the silent catch. */
    private Promise then(Promise promise, Op.Step step) {
        Promise derived = new Promise();
        Runnable reaction = () -> {
            boolean rejected = promise.state == 2;
            if (step == null) {
                settle(derived, 1);
            } else if (step.onRejected() == rejected) {
                settle(derived, call(step.callback(), step.callback().label()) ? 2 : 1);
            } else {
                settle(derived, promise.state); // skipped: the outcome passes on
            }
        };
        if (promise.state == 0) {
            promise.reactions.add(reaction);
        } else {
            microtasks.add(reaction);
        }
        return derived;
    }

    private void settle(Promise promise, int state) {
        promise.state = state;
        microtasks.addAll(promise.reactions);
        promise.reactions.clear();
    }
}
