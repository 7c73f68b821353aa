package dev.loop.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a copy has the same shape as the original: equal scalars, equal containers in the
 * same order, and the same pattern of sharing (two paths that reach one object in the original
 * reach one object in the copy, and a mutable part is never the original's).
 */
final class Structures {

    private final IdentityHashMap<Object, Object> seen = new IdentityHashMap<>();
    private final boolean sharesImmutableRecords;

    private Structures(boolean sharesImmutableRecords) {
        this.sharesImmutableRecords = sharesImmutableRecords;
    }

    /** For an in-memory copy, which shares deeply immutable records. */
    static void assertSameShape(Object expected, Object actual) {
        new Structures(true).compare(expected, actual, "$");
    }

    /** For a decoded value, which is all new. */
    static void assertSameShapeAllNew(Object expected, Object actual) {
        new Structures(false).compare(expected, actual, "$");
    }

    private void compare(Object expected, Object actual, String path) {
        if (expected == null || StructuredClone.isImmutable(expected)) {
            assertEquals(expected, actual, path);
            return;
        }
        if (sharesImmutableRecords && expected instanceof Record && RecordShape.of(expected.getClass()).immutable) {
            assertSame(expected, actual, path + ": a deeply immutable record is shared, as a string is");
            return;
        }
        if (seen.containsKey(expected)) {
            assertSame(seen.get(expected), actual, path + ": a shared reference must stay shared");
            return;
        }
        if (expected == actual) {
            fail(path + ": the copy shares a mutable " + expected.getClass().getName() + " with the original");
        }
        seen.put(expected, actual);
        if (expected.getClass().isArray()) {
            assertEquals(expected.getClass(), actual.getClass(), path);
            assertEquals(Array.getLength(expected), Array.getLength(actual), path);
            for (int i = 0; i < Array.getLength(expected); i++) {
                compare(Array.get(expected, i), Array.get(actual, i), path + "[" + i + "]");
            }
        } else if (expected instanceof List<?> list) {
            compareAll(list, (List<?>) actual, path);
        } else if (expected instanceof Set<?> set) {
            compareAll(new ArrayList<>(set), new ArrayList<>((Set<?>) actual), path);
        } else if (expected instanceof Map<?, ?> map) {
            compareAll(new ArrayList<>(map.keySet()), new ArrayList<>(((Map<?, ?>) actual).keySet()), path + "(keys)");
            compareAll(new ArrayList<>(map.values()), new ArrayList<>(((Map<?, ?>) actual).values()), path + "(values)");
        } else if (expected instanceof Record) {
            assertEquals(expected.getClass(), actual.getClass(), path);
            for (RecordComponent c : expected.getClass().getRecordComponents()) {
                try {
                    compare(c.getAccessor().invoke(expected), c.getAccessor().invoke(actual), path + "." + c.getName());
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        } else if (expected instanceof ArrayBuffer buffer) {
            assertArrayEquals(buffer.toByteArray(), ((ArrayBuffer) actual).toByteArray(), path);
        } else {
            fail(path + ": unexpected " + expected.getClass());
        }
    }

    private void compareAll(List<?> expected, List<?> actual, String path) {
        assertEquals(expected.size(), actual.size(), path + " size");
        Iterator<?> a = actual.iterator();
        int i = 0;
        for (Object e : expected) {
            compare(e, a.next(), path + "[" + i++ + "]");
        }
    }
}
