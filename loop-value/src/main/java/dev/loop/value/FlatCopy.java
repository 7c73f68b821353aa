package dev.loop.value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The copy of a list, map or set whose parts are all null or immutable scalars, made in one pass
 * without {@link StructuredClone}'s frames and identity table: the common message ({@code {seq,
 * text}}) costs an allocation and its puts. Such a container holds no other container, so it can
 * lead to no cycle and share nothing; what the walk checks of it is the key rule, which every
 * scalar passes.
 *
 * <p>The copy is made on the sender's thread, as the walk's is, so that a receiving loop (often a
 * busy main loop fed by workers) only takes a finished value. The pass gives up at the first part
 * that is not a scalar (the walk then copies the container from the start), so a container that is
 * not flat costs at most one extra partial pass.
 *
 * <p><b>Thread safety:</b> stateless.
 */
final class FlatCopy {

    private FlatCopy() {
    }

    /** The copy of {@code value} if it is a flat list, map or set; else null. */
    static Object of(Object value) {
        return switch (value) {
            case List<?> list -> list(list);
            case Map<?, ?> map -> map(map);
            case Set<?> set -> set(set);
            default -> null;
        };
    }

    private static boolean scalar(Object part) {
        return part == null || StructuredClone.isImmutable(part);
    }

    /** Room for {@code size} entries at the default load factor, without floating point. */
    private static int capacity(int size) {
        return (int) Math.min(Integer.MAX_VALUE, (4L * size + 2) / 3);
    }

    private static List<Object> list(List<?> list) {
        ArrayList<Object> copy = new ArrayList<>(list.size());
        for (Object part : list) {
            if (!scalar(part)) {
                return null;
            }
            copy.add(part);
        }
        return copy;
    }

    private static Map<Object, Object> map(Map<?, ?> map) {
        LinkedHashMap<Object, Object> copy = new LinkedHashMap<>(capacity(map.size()));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            Object value = entry.getValue();
            if (!scalar(key) || !scalar(value)) {
                return null;
            }
            copy.put(key, value);
        }
        return copy;
    }

    private static Set<Object> set(Set<?> set) {
        LinkedHashSet<Object> copy = new LinkedHashSet<>(capacity(set.size()));
        for (Object part : set) {
            if (!scalar(part)) {
                return null;
            }
            copy.add(part);
        }
        return copy;
    }
}
