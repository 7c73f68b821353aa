package dev.loop.value;

import dev.loop.value.shared.SharedBuffer;
import java.math.BigDecimal;
import java.math.BigInteger;
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
 * itself (four bytes of a hostile encoding make one) never finishes hashing, and a list that holds
 * one sub-list twice, nested 40 deep, takes 2^40 steps; records hash their components the same
 * way. A key of scalars and at most 64 records hashes in a bounded number of steps without deep
 * recursion. A mutable container is a poor key in Java anyway: changing it loses the entry.
 * {@link #check} also weighs each key ({@link Weight}) for the decoder, which charges what
 * hashing and comparing keys costs to a budget that the input's length pays for.
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
     * What comparing a key with another costs, and what hashing it costs beyond a constant, in
     * steps: a record, a component or a scalar is a step, a string 1 + length / 8 (its hash is
     * cached, so only comparing it costs more), a BigInteger or BigDecimal 1 + bits / 64 (its hash
     * is not). The decoder charges these to its budget.
     *
     * @param hash steps to hash the key, beyond those its records and components bound
     * @param compare steps to compare it with a key of the same hash code
     */
    record Weight(long hash, long compare) {
        static final Weight SCALAR = new Weight(0, 1);
    }

    /**
     * Refuses {@code key} if it is not a key.
     *
     * @param key a map key or set element, complete
     * @return what hashing and comparing it costs
     * @throws DataCloneException if it is not; the path leads from the key to what is wrong in it
     */
    static Weight check(Object key) {
        if (!(key instanceof Record record)) {
            if (key != null && !StructuredClone.isImmutable(key)) {
                refuseContainer(key, "$");
            }
            return weigh(key, 0, 0);
        }
        // records nest at most MAX_RECORDS deep here, as each one counts: no recursion, no more work than that
        Record[] records = new Record[MAX_RECORDS];
        int[] next = new int[MAX_RECORDS];
        records[0] = record;
        int depth = 1;
        int seen = 1;
        long hash = 0;
        long compare = 1;
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
            if (part instanceof Record inner) {
                if (++seen > MAX_RECORDS) {
                    throw new DataCloneException("$", "a map key or set element may hold at most " + MAX_RECORDS
                            + " records (counted each time they appear), and this one holds more than " + MAX_RECORDS
                            + " records: hashing it would cost too much; key by a string or a small record instead");
                }
                compare++;
                records[depth] = inner;
                next[depth] = 0;
                depth++;
            } else {
                if (part != null && !StructuredClone.isImmutable(part)) {
                    refuseContainer(part, "$" + path(records, next, depth));
                }
                Weight w = weigh(part, hash, compare);
                hash = w.hash;
                compare = w.compare;
            }
        }
        return new Weight(hash, compare);
    }

    /** {@code hash} and {@code compare} with what a key's leaf {@code part} adds to them. */
    private static Weight weigh(Object part, long hash, long compare) {
        return switch (part) {
            case String s -> new Weight(hash, compare + 1 + s.length() / 8);
            case BigInteger b -> bigNumber(b, hash, compare);
            case BigDecimal d -> bigNumber(d.unscaledValue(), hash, compare);
            case null, default -> hash == 0 && compare == 0 ? Weight.SCALAR : new Weight(hash, compare + 1);
        };
    }

    private static Weight bigNumber(BigInteger b, long hash, long compare) {
        long steps = 1 + b.bitLength() / 64;
        return new Weight(hash + steps, compare + steps);
    }

    /**
     * Counts the hash codes of one map's keys or one set's elements, after {@link #check}, and
     * refuses more than {@link #MAX_KEYS_PER_HASH} of one hash code.
     */
    static final class HashCounts {
        /** The hash codes of the first keys, while there are few: most maps are small. */
        private final int[] few = new int[8];
        private int size;
        /** How many keys have each hash code, once there are more than {@code few} holds. */
        private HashMap<Integer, int[]> many;

        /**
         * A counter for {@code size} keys where only the limit matters, or null if so few cannot
         * exceed it.
         */
        static HashCounts forSize(int size) {
            return size > MAX_KEYS_PER_HASH ? new HashCounts() : null;
        }

        /**
         * Counts {@code key}.
         *
         * @return how many keys counted before, equal ones included, share its hash code: how many
         *     a hash map may compare it with
         * @throws DataCloneException if that is {@link #MAX_KEYS_PER_HASH} already
         */
        int add(Object key) {
            int hash = Objects.hashCode(key);
            if (many == null) {
                if (size < few.length) {
                    int before = 0;
                    for (int i = 0; i < size; i++) {
                        if (few[i] == hash) {
                            before++;
                        }
                    }
                    few[size++] = hash;
                    return before;
                }
                many = new HashMap<>();
                for (int h : few) {
                    many.computeIfAbsent(h, x -> new int[1])[0]++;
                }
            }
            int[] count = many.computeIfAbsent(hash, h -> new int[1]);
            if (count[0] == MAX_KEYS_PER_HASH) {
                throw new DataCloneException("$", "more than " + MAX_KEYS_PER_HASH + " keys of this map or set share"
                        + " the hash code " + hash + ", which would make building it take time quadratic in their"
                        + " number; give the keys' class a hashCode that tells them apart, or split the map");
            }
            return count[0]++;
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
