package dev.loop.core;

import java.util.Arrays;

/**
 * Duration (ms) to {@link TimerQueue.TimerList}: open addressing with linear probing and backward-shift
 * deletion, so lookups never box a {@code long} and removals leave no tombstones.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class DurationMap {

    private long[] keys = new long[64];
    private TimerQueue.TimerList[] values = new TimerQueue.TimerList[64];
    private int size;

    int size() {
        return size;
    }

    TimerQueue.TimerList get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return null;
    }

    /** Adds a mapping; the key must be absent. */
    void put(long key, TimerQueue.TimerList value) {
        if (2 * (size + 1) > keys.length) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    /** Removes the mapping of {@code key}, which must be present. */
    void remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != key || values[i] == null) {
            i = (i + 1) & mask;
        }
        // Backward shift: move later members of the probe run into the hole when their home slot
        // does not lie cyclically in (hole, current].
        int hole = i;
        for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        size--;
        if (keys.length > 64 && 8 * size < keys.length) {
            resize(keys.length / 2);
        }
    }

    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        TimerQueue.TimerList[] oldValues = values;
        keys = new long[capacity];
        values = new TimerQueue.TimerList[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }
}
