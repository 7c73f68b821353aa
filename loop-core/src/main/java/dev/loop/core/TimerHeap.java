package dev.loop.core;

import java.util.Arrays;

/**
 * The loop's timers: a 4-ary min-heap ordered by (deadline, arming sequence), kept in parallel
 * primitive arrays so that sifting compares longs in adjacent slots instead of chasing handles.
 *
 * <p>Cancelling is O(1): the handle forgets its sequence number and its entry becomes stale; stale
 * entries are skipped when they reach the top and swept out in one O(n) pass once they outnumber
 * the live ones, so a loop that keeps re-arming long timeouts (socket idle timers) does not grow.
 * Insertion is O(log n), and O(1) expected for random deadlines.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class TimerHeap {

    /** Returned by {@link #nextDeadline()} when no timer is armed. */
    static final long NONE = Long.MAX_VALUE;

    private static final int ARITY = 4;
    private static final int SWEEP_MIN_STALE = 1024;

    private long[] deadlines = new long[64];
    private long[] seqs = new long[64];
    private TimerHandle[] handles = new TimerHandle[64];
    private int size;
    /** Entries whose handle was cancelled or re-armed since they were pushed. */
    private int stale;

    /** Number of entries, live and stale. */
    int size() {
        return size;
    }

    /** Number of live entries. */
    int live() {
        return size - stale;
    }

    /** Adds an entry; {@code seq} must be the handle's current arming sequence. */
    void push(TimerHandle handle, long deadline, long seq) {
        if (size == handles.length) {
            grow();
        }
        siftUp(size++, deadline, seq, handle);
    }

    /** Records that one pushed entry is no longer its handle's current one. */
    void invalidated() {
        stale++;
        if (stale >= SWEEP_MIN_STALE && stale > size >>> 1) {
            sweep();
        }
    }

    /** The earliest live deadline, or {@link #NONE}. */
    long nextDeadline() {
        dropStaleTop();
        return size == 0 ? NONE : deadlines[0];
    }

    /**
     * Removes and returns the live timer with the smallest (deadline, seq) if its deadline is
     * {@code <= now}, else null. The caller must disarm the returned handle.
     */
    TimerHandle pollDue(long now) {
        while (size > 0 && deadlines[0] <= now) {
            TimerHandle handle = handles[0];
            long seq = seqs[0];
            removeTop();
            if (handle.armedSeq() == seq) {
                return handle;
            }
            stale--;
        }
        return null;
    }

    /** Removes every entry and returns the handles that were live, in no particular order. */
    TimerHandle[] clear() {
        TimerHandle[] live = new TimerHandle[live()];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (handles[i].armedSeq() == seqs[i]) {
                live[n++] = handles[i];
            }
        }
        Arrays.fill(handles, 0, size, null);
        size = 0;
        stale = 0;
        return n == live.length ? live : Arrays.copyOf(live, n);
    }

    private void dropStaleTop() {
        while (size > 0 && handles[0].armedSeq() != seqs[0]) {
            removeTop();
            stale--;
        }
    }

    private void removeTop() {
        int last = --size;
        TimerHandle moved = handles[last];
        long deadline = deadlines[last];
        long seq = seqs[last];
        handles[last] = null;
        if (last > 0) {
            siftDown(0, deadline, seq, moved);
        }
    }

    private static boolean less(long d1, long s1, long d2, long s2) {
        return d1 < d2 || (d1 == d2 && s1 < s2);
    }

    private void siftUp(int index, long deadline, long seq, TimerHandle handle) {
        while (index > 0) {
            int parent = (index - 1) / ARITY;
            if (!less(deadline, seq, deadlines[parent], seqs[parent])) {
                break;
            }
            move(parent, index);
            index = parent;
        }
        set(index, deadline, seq, handle);
    }

    private void siftDown(int index, long deadline, long seq, TimerHandle handle) {
        while (true) {
            int first = index * ARITY + 1;
            if (first >= size) {
                break;
            }
            int end = Math.min(first + ARITY, size);
            int min = first;
            for (int c = first + 1; c < end; c++) {
                if (less(deadlines[c], seqs[c], deadlines[min], seqs[min])) {
                    min = c;
                }
            }
            if (!less(deadlines[min], seqs[min], deadline, seq)) {
                break;
            }
            move(min, index);
            index = min;
        }
        set(index, deadline, seq, handle);
    }

    private void move(int from, int to) {
        deadlines[to] = deadlines[from];
        seqs[to] = seqs[from];
        handles[to] = handles[from];
    }

    private void set(int index, long deadline, long seq, TimerHandle handle) {
        deadlines[index] = deadline;
        seqs[index] = seq;
        handles[index] = handle;
    }

    private void grow() {
        int capacity = handles.length * 2;
        deadlines = Arrays.copyOf(deadlines, capacity);
        seqs = Arrays.copyOf(seqs, capacity);
        handles = Arrays.copyOf(handles, capacity);
    }

    /** Drops every stale entry and rebuilds the heap bottom-up (Floyd), O(n). */
    private void sweep() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (handles[i].armedSeq() == seqs[i]) {
                move(i, n++);
            }
        }
        Arrays.fill(handles, n, size, null);
        size = n;
        stale = 0;
        for (int i = (size - 2) / ARITY; i >= 0; i--) {
            siftDown(i, deadlines[i], seqs[i], handles[i]);
        }
    }
}
