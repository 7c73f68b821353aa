package dev.loop.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * The paths that {@link DataCloneException} reports, such as {@code $.items[3].owner}, and the
 * segments they are made of. A walk keeps no path while it works: its open containers name their
 * current part only when an error is thrown, so a value that crosses costs no strings.
 *
 * <p>Segments: {@code [i]} is element i of a list or array, <code>{i}</code> element i of a set,
 * <code>{key i}</code> the key of a map's entry i, and the value of that entry is {@code .name}
 * for a string key, {@code [k]} for a short scalar key, <code>{value i}</code> otherwise;
 * {@code .name} is a record component and {@code (name)} what a codec's value stands for.
 */
final class ValuePath {

    /** A path deeper than this shows its first and last half of it, and how many levels are left out. */
    static final int SHOWN_LEVELS = 32;

    /** A string key or codec name longer than this is cut, so that a path stays readable. */
    static final int SHOWN_CHARS = 40;

    private ValuePath() {
    }

    /**
     * The segments of levels {@code 0..depth-1}, joined, for {@link DataCloneException#inside}.
     *
     * @param depth how many levels are open
     * @param segment the segment of the part being walked at a level
     * @return the joined segments; a deep path keeps its ends and says how much it left out
     */
    static String of(int depth, IntFunction<String> segment) {
        StringBuilder b = new StringBuilder();
        if (depth <= SHOWN_LEVELS) {
            for (int level = 0; level < depth; level++) {
                b.append(segment.apply(level));
            }
            return b.toString();
        }
        int half = SHOWN_LEVELS / 2;
        for (int level = 0; level < half; level++) {
            b.append(segment.apply(level));
        }
        b.append("…(").append(depth - SHOWN_LEVELS).append(" more levels)…");
        for (int level = depth - half; level < depth; level++) {
            b.append(segment.apply(level));
        }
        return b.toString();
    }

    /** Element {@code i} of a list or array. */
    static String index(int i) {
        return "[" + i + "]";
    }

    /** Element {@code i} of a set. */
    static String element(int i) {
        return "{" + i + "}";
    }

    /** The key of entry {@code i} of a map. */
    static String key(int i) {
        return "{key " + i + "}";
    }

    /**
     * The value of entry {@code i} of a map, whose key is {@code key}: named by the key when it is
     * a string or a scalar that prints short, by its position otherwise (printing a record or a
     * huge number could cost more than the walk did).
     */
    static String value(Object key, int i) {
        return switch (key) {
            case String name -> "." + shown(name);
            case Integer _, Long _, Short _, Byte _, Double _, Float _, Boolean _, Character _, Instant _, Duration _ ->
                    "[" + key + "]";
            case Enum<?> e -> "[" + e.name() + "]";
            case BigInteger b when b.bitLength() <= 128 -> "[" + b + "]";
            case BigDecimal d when d.unscaledValue().bitLength() <= 128 -> "[" + d + "]";
            case null, default -> "{value " + i + "}";
        };
    }

    /** A record component. */
    static String component(String name) {
        return "." + name;
    }

    /** What the value of codec {@code name} stands for. */
    static String codec(String name) {
        return "(" + shown(name) + ")";
    }

    /** {@code s}, cut after {@link #SHOWN_CHARS} chars: a name from the bytes may be of any length. */
    static String shown(String s) {
        return s.length() <= SHOWN_CHARS ? s : s.substring(0, SHOWN_CHARS) + "…";
    }

    /**
     * The error for a container that would open one level more than {@code maxDepth}; the walk
     * adds the path.
     */
    static DataCloneException tooDeep(int maxDepth) {
        return new DataCloneException("$", "nested deeper than " + maxDepth + " levels, the limit (each list, map,"
                + " set, array, record and codec value is a level); flatten the value, or raise the limit where it"
                + " is read: the system property " + StructuredClone.MAX_DEPTH_PROPERTY
                + " or the maxDepth argument of ValueEncoding");
    }
}
