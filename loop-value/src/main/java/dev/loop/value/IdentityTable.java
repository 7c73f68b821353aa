package dev.loop.value;

import java.util.IdentityHashMap;

/**
 * A map by identity for the walks over a value (the containers already copied or written, the
 * ones being built), which most of the time hold a handful of entries: up to {@link #LINEAR} they
 * live in two arrays searched in order, so a small message's walk never asks for an object's
 * identity hash (which, for a fresh object, the JVM must first make and store in its header);
 * past that, an {@link IdentityHashMap} takes over.
 *
 * <p><b>Thread safety:</b> one walker, one thread.
 *
 * @param <V> the values
 */
final class IdentityTable<V> {

    /** The most entries searched in order; more move to a hash map. */
    static final int LINEAR = 8;

    private final Object[] keys = new Object[LINEAR];
    private final Object[] values = new Object[LINEAR];
    private int size;
    /** Every entry, once there are more than {@link #LINEAR}; then the arrays are unused. */
    private IdentityHashMap<Object, V> map;

    /** The value of {@code key}, compared by identity, or null. */
    @SuppressWarnings("unchecked")
    V get(Object key) {
        if (map != null) {
            return map.get(key);
        }
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return (V) values[i];
            }
        }
        return null;
    }

    boolean containsKey(Object key) {
        if (map != null) {
            return map.containsKey(key);
        }
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return true;
            }
        }
        return false;
    }

    /** Adds or replaces the value of {@code key}. */
    @SuppressWarnings("unchecked")
    void put(Object key, V value) {
        if (map != null) {
            map.put(key, value);
            return;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
        if (size < LINEAR) {
            keys[size] = key;
            values[size++] = value;
            return;
        }
        map = new IdentityHashMap<>(2 * LINEAR);
        for (int i = 0; i < size; i++) {
            map.put(keys[i], (V) values[i]);
        }
        map.put(key, value);
        clearArrays();
    }

    void remove(Object key) {
        if (map != null) {
            map.remove(key);
            return;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                size--;
                keys[i] = keys[size];
                values[i] = values[size];
                keys[size] = null;
                values[size] = null;
                return;
            }
        }
    }

    int size() {
        return map != null ? map.size() : size;
    }

    /** Forgets every entry (and a hash map a large value needed). */
    void clear() {
        map = null;
        clearArrays();
    }

    private void clearArrays() {
        for (int i = 0; i < size; i++) {
            keys[i] = null;
            values[i] = null;
        }
        size = 0;
    }
}
