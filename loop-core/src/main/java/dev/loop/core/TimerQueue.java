package dev.loop.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loop's timers, kept and ordered as Node keeps them (lib/internal/timers.js), because that
 * order is what users of Node's timers observe.
 *
 * <p>Timers of one duration share a {@link TimerList}: an intrusive FIFO in arming order, so the
 * list is also in expiry order. Lists sit in a binary min-heap keyed by (expiry, id): the expiry
 * the list was last scheduled for, and an id that grows each time a list is created or
 * rescheduled. The timers phase takes the top list and runs its timers while they are due; at the
 * first one that is not, the list is rescheduled for that timer's expiry with a new id, and the
 * next list's turn comes. Two consequences users can see, both Node's:
 * <ul>
 *   <li>timers due at the same time run list by list, so a later-armed timer of an older list can
 *       run before an earlier-armed timer of a rescheduled one;</li>
 *   <li>a loop that wakes late runs a due list whole before the next list, even past another
 *       list's earlier timer.</li>
 * </ul>
 * Unlinking a list's first timer does not reschedule the list: it comes up at its old expiry and
 * is rescheduled then, as in Node. A list leaves the heap when cancelling a referenced timer
 * empties it, or when the timers phase finds it empty (after its last due timer ran, unless that
 * callback armed a timer of the same duration, which joins it).
 *
 * <p>Real workloads use few durations next to many timers (every socket's idle timeout shares one
 * list), so the heap stays small: arming, cancelling and firing are O(1) list operations plus, per
 * new, rescheduled or emptied list, an O(log l) heap operation on l lists.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class TimerQueue {

    /** Returned by {@link #wake()} when the timers phase has nothing to wait for. */
    static final long NONE = Long.MAX_VALUE;
    /** Returned by {@link #dueList} when no list is due. */
    static final long NO_LIST = -1;

    /** All armed timers of one duration, in arming order (Node's {@code TimersList}). */
    static final class TimerList {
        long duration;
        long expiry;
        long id;
        TimerHandle head;
        TimerHandle tail;
        int heapIndex;
    }

    private TimerList[] heap = new TimerList[16];
    private int lists;
    private final DurationMap byDuration = new DurationMap();
    private final ArrayList<TimerList> spare = new ArrayList<>();
    private long nextId;
    private int armed;
    /**
     * Node's {@code nextExpiry} in timers.js: lowered when a new list expires before it, reset by
     * every pass of the timers phase, and set to the first list's expiry when the phase ends.
     */
    private long nextExpiry = NONE;
    /**
     * When Node's libuv timer handle fires, or {@link #NONE} while it is stopped. It moves only
     * when {@link #nextExpiry} is lowered and when a timers phase ends, never when a list goes,
     * so it can fire with nothing due; the phase still runs then (and drains), as Node's does.
     */
    private long wake = NONE;

    /** Armed timers. */
    int size() {
        return armed;
    }

    /** Lists in the heap (one per duration in use). */
    int lists() {
        return lists;
    }

    /** Appends an unarmed handle, armed at {@code start} for {@code duration}, to its list. */
    void add(TimerHandle timer, long start, long duration) {
        TimerList list = byDuration.get(duration);
        if (list == null) {
            list = newList(duration, start + duration);
        }
        timer.start = start;
        append(list, timer);
        armed++;
    }

    /** Moves an armed handle to the end of its list, armed again from {@code start} (refresh). */
    void rearm(TimerHandle timer, long start) {
        TimerList list = timer.list;
        unlink(timer);
        timer.start = start;
        append(list, timer); // the list keeps its expiry and id, as in Node
    }

    /**
     * Unlinks an armed handle (cancel). If that empties its list, the list goes only when the
     * timer was referenced: Node's {@code unenroll} keeps the list of an unreferenced timer, at its
     * old expiry and id, so a timer of that duration armed next joins it, and the timers phase
     * finds it empty (or not yet due) when that expiry comes.
     */
    void remove(TimerHandle timer, boolean referenced) {
        TimerList list = timer.list;
        unlink(timer);
        armed--;
        if (list.head == null && referenced) {
            dropList(list);
        }
    }

    /** Drops the list of {@code duration} if it is empty (a referenced timer cancelled outside it). */
    void dropIfEmpty(long duration) {
        TimerList list = byDuration.get(duration);
        if (list != null && list.head == null) {
            dropList(list);
        }
    }

    /** When the timers phase runs next (Node's libuv timer fires), or {@link #NONE}. */
    long wake() {
        return wake;
    }

    /** A timers phase begins: libuv stopped the handle before calling Node's {@code RunTimers}. */
    void phaseBegins() {
        wake = NONE;
    }

    /** A pass of the phase (one call of Node's {@code processTimers}) begins. */
    void passBegins() {
        nextExpiry = NONE;
    }

    /**
     * The phase ends: {@code processTimers} returned the first list's expiry, and RunTimers sets
     * the handle for it from the loop's cached time {@code loopTime}, or for 1 ms after it when
     * that expiry has passed already (callbacks of the phase took that long). With no list left
     * it returned 0, and the handle stays as the phase left it.
     */
    void phaseEnds(long loopTime) {
        if (lists > 0) {
            nextExpiry = heap[0].expiry;
            wake = Math.max(nextExpiry, loopTime + 1);
        }
    }

    /**
     * The list Node's {@code processTimers} visits next at {@code now}: the id of the first list
     * if it is due, else {@link #NO_LIST}. Pass the id to {@link #nextDue}.
     */
    long dueList(long now) {
        return lists > 0 && heap[0].expiry <= now ? heap[0].id : NO_LIST;
    }

    /**
     * The next timer of the list {@code listId} to run at {@code now}, or null when that list is
     * done (Node's {@code listOnTimeout} peek). Done means one of:
     * <ul>
     *   <li>the list is gone: cancelling emptied it, or it was rescheduled (a new id);</li>
     *   <li>it is empty: it leaves the heap now;</li>
     *   <li>its first timer is not due: it is rescheduled for that timer, behind every list
     *       already scheduled for that expiry.</li>
     * </ul>
     * A list being visited stays first in the heap until it is done, because every list made or
     * rescheduled meanwhile expires after {@code now}; so the first list is the one to look at.
     */
    TimerHandle nextDue(long listId, long now) {
        if (lists == 0 || heap[0].id != listId) {
            return null;
        }
        TimerList list = heap[0];
        TimerHandle first = list.head;
        if (first == null) {
            dropList(list);
            return null;
        }
        if (now - first.start < list.duration) {
            list.expiry = Math.max(first.start + list.duration, now + 1);
            list.id = nextId++;
            siftDown(0, list);
            return null;
        }
        return first;
    }

    /** Unlinks the timer {@link #nextDue} just returned, to run it; its list stays in place. */
    void take(TimerHandle due) {
        unlink(due);
        armed--;
    }

    /** Unlinks every timer and returns them. */
    List<TimerHandle> clear() {
        List<TimerHandle> all = new ArrayList<>(armed);
        for (int i = 0; i < lists; i++) {
            for (TimerHandle t = heap[i].head; t != null; ) {
                TimerHandle next = t.next;
                t.list = null;
                t.prev = null;
                t.next = null;
                all.add(t);
                t = next;
            }
        }
        Arrays.fill(heap, 0, lists, null);
        lists = 0;
        armed = 0;
        nextExpiry = NONE;
        wake = NONE;
        byDuration.clear();
        return all;
    }

    private static void append(TimerList list, TimerHandle timer) {
        timer.list = list;
        timer.prev = list.tail;
        timer.next = null;
        if (list.tail == null) {
            list.head = timer;
        } else {
            list.tail.next = timer;
        }
        list.tail = timer;
    }

    private static void unlink(TimerHandle timer) {
        TimerList list = timer.list;
        if (timer.prev == null) {
            list.head = timer.next;
        } else {
            timer.prev.next = timer.next;
        }
        if (timer.next == null) {
            list.tail = timer.prev;
        } else {
            timer.next.prev = timer.prev;
        }
        timer.list = null;
        timer.prev = null;
        timer.next = null;
    }

    private TimerList newList(long duration, long expiry) {
        TimerList list = spare.isEmpty() ? new TimerList() : spare.remove(spare.size() - 1);
        list.duration = duration;
        list.expiry = expiry;
        list.id = nextId++;
        byDuration.put(duration, list);
        if (expiry < nextExpiry) { // Node's insert(): scheduleTimer for a list that expires first
            nextExpiry = expiry;
            wake = expiry;
        }
        if (lists == heap.length) {
            heap = Arrays.copyOf(heap, lists * 2);
        }
        siftUp(lists++, list);
        return list;
    }

    private void dropList(TimerList list) {
        byDuration.remove(list.duration);
        int index = list.heapIndex;
        TimerList last = heap[--lists];
        heap[lists] = null;
        if (index != lists) {
            siftDown(index, last);
            if (heap[index] == last) {
                siftUp(index, last);
            }
        }
        if (spare.size() < 64) {
            list.head = null;
            list.tail = null;
            spare.add(list);
        }
    }

    /** Node's {@code compareTimersLists}: by expiry, then by id. */
    private static boolean before(TimerList a, TimerList b) {
        return a.expiry < b.expiry || (a.expiry == b.expiry && a.id < b.id);
    }

    private void siftUp(int index, TimerList list) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            TimerList above = heap[parent];
            if (!before(list, above)) {
                break;
            }
            place(index, above);
            index = parent;
        }
        place(index, list);
    }

    private void siftDown(int index, TimerList list) {
        int half = lists >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < lists && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], list)) {
                break;
            }
            place(index, heap[child]);
            index = child;
        }
        place(index, list);
    }

    private void place(int index, TimerList list) {
        heap[index] = list;
        list.heapIndex = index;
    }
}
