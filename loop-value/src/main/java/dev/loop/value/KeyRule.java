package dev.loop.value;

import dev.loop.value.shared.SharedBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What may be a map key or a set element: the one rule that {@link StructuredClone},
 * {@link ValueEncoding#encode} and {@link ValueEncoding#decode} all apply, before a key is hashed.
 *
 * <p>A key is null, a scalar, an enum constant, a value of a codec type, or a record whose
 * components are keys, with at most {@link #MAX_RECORDS} records in one key (a record counted each
 * time it appears). Anything else is refused: a {@link List}, {@link Map}, {@link Set} or other
 * collection, an array, an {@link ArrayBuffer}, a {@link SharedBuffer} or another
 * {@link Transferable}, as a key or inside a record that is one.
 *
 * <p>One map or set may hold at most {@link #MAX_KEYS_PER_HASH} keys of one hash code; the
 * encoding and the decoding check that too, as the decoder builds maps from bytes it cannot trust.
 *
 * <p>Why: a map hashes its keys as it is built. A list hashes its elements, so a list that holds
 * itself (two bytes of a hostile encoding make one) never finishes hashing, and a list that holds
 * one sub-list twice, nested 40 deep, takes 2^40 steps; records hash their components the same
 * way. A key of scalars and at most 64 records hashes in a bounded number of steps without deep
 * recursion. A mutable container is a poor key in Java anyway: changing it loses the entry.
 */
final class KeyRule {

    /** The most records one key may hold, counted each time they appear. */
    static final int MAX_RECORDS = 64;

    /**
     * The most keys of one map (or elements of one set) that may share a hash code. Java's
     * HashMap compares keys of one hash code one by one unless they are {@link Comparable}, so n
     * of them cost n^2/2 comparisons to insert: a hostile encoding of records that all hash alike
     * would take time quadratic in its length. Maps of well-hashed keys never come near this.
     */
    static final int MAX_KEYS_PER_HASH = 256;

    private KeyRule() {
    }

    /**
     * Refuses {@code key} if it is not a key.
     *
     * @param key a map key or set element, complete
     * @throws DataCloneException if it is not; the path leads from the key to what is wrong in it
     */
    static void check(Object key) {
        if (key == null || StructuredClone.isImmutable(key)) {
            return;
        }
        if (!(key instanceof Record record)) {
            refuseContainer(key, "$");
            return;
        }
        // records nest at most MAX_RECORDS deep here, as each one counts: no recursion, no more work than that
        Record[] records = new Record[MAX_RECORDS];
        int[] next = new int[MAX_RECORDS];
        records[0] = record;
        int depth = 1;
        int seen = 1;
        while (depth > 0) {
            int top = depth - 1;
            RecordShape shape = RecordShape.of(records[top].getClass());
            if (next[top] == shape.size()) {
                depth--;
                continue;
            }
            int i = next[top]++;
            Object part;
            try {
                part = shape.component(records[top], i);
            } catch (DataCloneException e) {
                throw e.inside(path(records, next, depth));
            }
            if (part == null || StructuredClone.isImmutable(part)) {
                continue;
            }
            if (part instanceof Record inner) {
                if (++seen > MAX_RECORDS) {
                    throw new DataCloneException("$", "a map key or set element may hold at most " + MAX_RECORDS
                            + " records (counted each time they appear), and this one holds more than " + MAX_RECORDS
                            + " records: hashing it would cost too much; key by a string or a small record instead");
                }
                records[depth] = inner;
                next[depth] = 0;
                depth++;
            } else {
                refuseContainer(part, "$" + path(records, next, depth));
            }
        }
    }

    /**
     * Counts the hash codes of one map's keys or one set's elements, after {@link #check}: for a
     * map or set of more than {@link #MAX_KEYS_PER_HASH} of them, as a smaller one cannot exceed it.
     */
    static final class HashCounts {
        private final HashMap<Integer, int[]> counts = new HashMap<>();

        /** A counter for {@code size} keys, or null if so few need none. */
        static HashCounts forSize(int size) {
            return size > MAX_KEYS_PER_HASH ? new HashCounts() : null;
        }

        /**
         * Counts {@code key}.
         *
         * @throws DataCloneException if more than {@link #MAX_KEYS_PER_HASH} keys counted so far,
         *     equal ones included, share its hash code
         */
        void add(Object key) {
            int hash = Objects.hashCode(key);
            if (++counts.computeIfAbsent(hash, h -> new int[1])[0] > MAX_KEYS_PER_HASH) {
                throw new DataCloneException("$", "more than " + MAX_KEYS_PER_HASH + " keys of this map or set share"
                        + " the hash code " + hash + ", which would make building it take time quadratic in their"
                        + " number; give the keys' class a hashCode that tells them apart, or split the map");
            }
        }
    }

    private static void refuseContainer(Object value, String path) {
        String what = switch (value) {
            case List<?> _ -> "a List";
            case Map<?, ?> _ -> "a Map";
            case Set<?> _ -> "a Set";
            case Collection<?> _ -> "a Collection";
            case ArrayBuffer _ -> "an ArrayBuffer";
            case SharedBuffer _ -> "a SharedBuffer";
            case Transferable _ -> "a " + value.getClass().getSimpleName();
            default -> value.getClass().isArray() ? "an array" : null;
        };
        if (what != null) {
            throw new DataCloneException(path, what + " cannot be a map key or set element, nor part of one: keys"
                    + " are hashed as they are read, and " + what + " is mutable and may hold itself, or one part"
                    + " many times over, which makes its hash endless or exponential; key by a string, a scalar or"
                    + " a record of scalars instead");
        }
        // anything else is a value of a codec type, which hashes as its class says
    }

    /** The components walked into, from the key to the one being looked at. */
    private static String path(Record[] records, int[] next, int depth) {
        StringBuilder b = new StringBuilder();
        for (int level = 0; level < depth; level++) {
            b.append(ValuePath.component(RecordShape.of(records[level].getClass()).names[next[level] - 1]));
        }
        return b.toString();
    }
}
