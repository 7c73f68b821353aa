package dev.loop.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loop's timers, ordered by (deadline, arming order) as DESIGN §2.1 requires.
 *
 * <p>Timers with the same deadline share a {@link Bucket}: an intrusive FIFO list, so arming order
 * within a deadline is list order and needs no sequence numbers. Buckets sit in a binary min-heap
 * keyed by their (distinct) deadlines, and a {@link DeadlineMap} finds the bucket of a deadline.
 * Real workloads have few distinct deadlines next to many timers (a million timers with delays
 * of 0..1000 ms share about a thousand buckets), so the heap stays small and cache-resident:
 * arming and firing are O(1) list operations plus, per new or emptied deadline, an O(log b) heap
 * operation on b buckets. Cancelling unlinks the handle at once (no garbage is left behind for
 * re-armed idle timeouts), and a bucket leaves the heap as soon as it is empty.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class TimerQueue {

    /** Returned by {@link #nextDeadline()} when no timer is armed. */
    static final long NONE = Long.MAX_VALUE;

    /** All armed timers of one deadline, in arming order. */
    static final class Bucket {
        long deadline;
        TimerHandle head;
        TimerHandle tail;
        int heapIndex;
    }

    private Bucket[] heap = new Bucket[16];
    private int buckets;
    private final DeadlineMap byDeadline = new DeadlineMap();
    private final ArrayList<Bucket> spare = new ArrayList<>();
    private int armed;

    /** Armed timers. */
    int size() {
        return armed;
    }

    /** Distinct deadlines among armed timers. */
    int deadlines() {
        return buckets;
    }

    /** Appends an unarmed handle to its deadline's bucket. */
    void add(TimerHandle timer, long deadline) {
        Bucket bucket = byDeadline.get(deadline);
        if (bucket == null) {
            bucket = newBucket(deadline);
        }
        timer.bucket = bucket;
        timer.prev = bucket.tail;
        timer.next = null;
        if (bucket.tail == null) {
            bucket.head = timer;
        } else {
            bucket.tail.next = timer;
        }
        bucket.tail = timer;
        armed++;
    }

    /** Unlinks an armed handle. */
    void remove(TimerHandle timer) {
        Bucket bucket = timer.bucket;
        if (timer.prev == null) {
            bucket.head = timer.next;
        } else {
            timer.prev.next = timer.next;
        }
        if (timer.next == null) {
            bucket.tail = timer.prev;
        } else {
            timer.next.prev = timer.prev;
        }
        timer.bucket = null;
        timer.prev = null;
        timer.next = null;
        armed--;
        if (bucket.head == null) {
            dropBucket(bucket);
        }
    }

    /** The earliest deadline, or {@link #NONE}. */
    long nextDeadline() {
        return buckets == 0 ? NONE : heap[0].deadline;
    }

    /** Unlinks and returns the first timer due at {@code now}, or null. */
    TimerHandle pollDue(long now) {
        if (buckets == 0 || heap[0].deadline > now) {
            return null;
        }
        TimerHandle first = heap[0].head;
        remove(first);
        return first;
    }

    /** Unlinks every timer and returns them. */
    List<TimerHandle> clear() {
        List<TimerHandle> all = new ArrayList<>(armed);
        for (int i = 0; i < buckets; i++) {
            for (TimerHandle t = heap[i].head; t != null; ) {
                TimerHandle next = t.next;
                t.bucket = null;
                t.prev = null;
                t.next = null;
                all.add(t);
                t = next;
            }
        }
        Arrays.fill(heap, 0, buckets, null);
        buckets = 0;
        armed = 0;
        byDeadline.clear();
        return all;
    }

    private Bucket newBucket(long deadline) {
        Bucket bucket = spare.isEmpty() ? new Bucket() : spare.remove(spare.size() - 1);
        bucket.deadline = deadline;
        byDeadline.put(deadline, bucket);
        if (buckets == heap.length) {
            heap = Arrays.copyOf(heap, buckets * 2);
        }
        siftUp(buckets++, bucket);
        return bucket;
    }

    private void dropBucket(Bucket bucket) {
        byDeadline.remove(bucket.deadline);
        int index = bucket.heapIndex;
        Bucket last = heap[--buckets];
        heap[buckets] = null;
        if (index != buckets) {
            siftDown(index, last);
            if (heap[index] == last) {
                siftUp(index, last);
            }
        }
        if (spare.size() < 64) {
            bucket.head = null;
            bucket.tail = null;
            spare.add(bucket);
        }
    }

    private void siftUp(int index, Bucket bucket) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            Bucket above = heap[parent];
            if (above.deadline <= bucket.deadline) {
                break;
            }
            place(index, above);
            index = parent;
        }
        place(index, bucket);
    }

    private void siftDown(int index, Bucket bucket) {
        int half = buckets >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < buckets && heap[right].deadline < heap[child].deadline) {
                child = right;
            }
            if (bucket.deadline <= heap[child].deadline) {
                break;
            }
            place(index, heap[child]);
            index = child;
        }
        place(index, bucket);
    }

    private void place(int index, Bucket bucket) {
        heap[index] = bucket;
        bucket.heapIndex = index;
    }
}
