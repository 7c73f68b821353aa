package dev.loop.core;

import dev.loop.api.ResourceKind;
import java.util.Arrays;
import java.util.Map;

/**
 * The loop's referenced handles and requests in flight, counted by {@link ResourceKind}: an
 * array indexed by the kind's index, one increment and one decrement per handle or request.
 *
 * <p><b>Thread safety:</b> written by the loop thread only. {@link #addTo} may be called from another
 * thread, which reads plain ints and may see counts a little behind (never torn: ints).
 */
final class ResourceCounts {

    private int[] counts = new int[16];
    private ResourceKind[] kinds = new ResourceKind[16];

    void add(ResourceKind kind) {
        int index = kind.index();
        if (index >= counts.length) {
            int length = Math.max(index + 1, counts.length * 2);
            kinds = Arrays.copyOf(kinds, length);
            counts = Arrays.copyOf(counts, length);
        }
        if (counts[index]++ == 0 && kinds[index] == null) {
            kinds[index] = kind; // once per kind: a reference store (and its GC barrier) is not paid per request
        }
    }

    void remove(ResourceKind kind) {
        counts[kind.index()]--;
    }

    /** The loop closed: nothing it counted keeps it alive any more. */
    void clear() {
        Arrays.fill(counts, 0);
    }

    /** Adds {@code extra} of {@code kind} (counted elsewhere: immediates, tasks) to what {@link #addTo} reports. */
    void addTo(Map<String, Integer> into, ResourceKind kind, int extra) {
        if (extra > 0) {
            into.merge(kind.name(), extra, Integer::sum);
        }
    }

    /** Adds every kind with a count above zero to {@code into}, in the kinds' order. */
    void addTo(Map<String, Integer> into) {
        ResourceKind[] named = kinds;
        int[] now = counts;
        for (int i = 0; i < now.length && i < named.length; i++) {
            if (now[i] > 0 && named[i] != null) {
                into.merge(named[i].name(), now[i], Integer::sum);
            }
        }
    }
}
