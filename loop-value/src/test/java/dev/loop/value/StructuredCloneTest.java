package dev.loop.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DESIGN §3: deep copies of structured values, with shared references, cycles and clear errors. */
class StructuredCloneTest {

    record Owner(String name, Instant since) { }

    record Item(String title, Object owner) { }

    record Node(String label, List<Object> next) { }

    enum Color { RED }

    @Test
    void aNestedValueIsCopiedEqualAndSharesNoMutablePart() {
        List<Object> items = new ArrayList<>(List.of(new Item("book", new Owner("ada", Instant.EPOCH)), Color.RED, 42L));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("items", items);
        value.put("bytes", new byte[] {1, 2, 3});
        value.put("tags", new LinkedHashSet<>(List.of("a", "b")));
        Map<String, Object> copy = StructuredClone.copy(value);
        assertEquals(value.keySet(), copy.keySet());
        assertEquals(items, copy.get("items"));
        assertNotSame(items, copy.get("items"));
        assertArrayEquals((byte[]) value.get("bytes"), (byte[]) copy.get("bytes"));
        assertNotSame(value.get("bytes"), copy.get("bytes"));
        assertEquals(value.get("tags"), copy.get("tags"));
        assertEquals(List.of("items", "bytes", "tags"), new ArrayList<>(copy.keySet()), "insertion order is kept");
    }

    @Test
    void sharedReferencesStaySharedAndCyclesStayCycles() {
        List<Object> shared = new ArrayList<>(List.of("x"));
        List<Object> twice = new ArrayList<>(List.of(shared, shared));
        List<Object> copy = StructuredClone.copy(twice);
        assertSame(copy.get(0), copy.get(1));
        assertNotSame(shared, copy.get(0));

        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        List<Object> cycleCopy = StructuredClone.copy(cycle);
        assertSame(cycleCopy, cycleCopy.get(0));
        assertNotSame(cycle, cycleCopy);

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("self", map);
        Map<String, Object> mapCopy = StructuredClone.copy(map);
        assertSame(mapCopy, mapCopy.get("self"));
    }

    @Test
    void aValueThatCannotBeCopiedIsRefusedWithItsPath() {
        Map<String, Object> value = Map.of("items", List.of(1, 2, 3, new Item("lamp", Thread.currentThread())));
        DataCloneException error = assertThrows(DataCloneException.class, () -> StructuredClone.copy(value));
        assertEquals("$.items[3].owner", error.path());
        assertTrue(error.getMessage().contains("java.lang.Thread"), error.getMessage());
    }

    @Test
    void aCycleThroughARecordIsRefused() {
        List<Object> next = new ArrayList<>();
        Node node = new Node("n", next);
        next.add(node);
        DataCloneException error = assertThrows(DataCloneException.class, () -> StructuredClone.copy(node));
        assertEquals("$.next[0]", error.path());
    }

    /** 1000 random trees of lists, maps, sets, records and scalars: every copy equals its original. */
    @Test
    void randomValuesCopyEqualWithNoContainerShared() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 1000; i++) {
            Object value = randomValue(random, 4);
            Object copy = StructuredClone.copy(value);
            assertEquals(value, copy);
            IdentityHashMap<Object, Boolean> originals = new IdentityHashMap<>();
            collectContainers(value, originals);
            IdentityHashMap<Object, Boolean> copies = new IdentityHashMap<>();
            collectContainers(copy, copies);
            for (Object container : copies.keySet()) {
                assertTrue(!originals.containsKey(container), "a mutable container is shared with the original");
            }
        }
    }

    private static Object randomValue(SplittableRandom random, int depth) {
        int kind = depth == 0 ? random.nextInt(3) : random.nextInt(7);
        return switch (kind) {
            case 0 -> random.nextInt(100);
            case 1 -> "s" + random.nextInt(10);
            case 2 -> random.nextBoolean() ? null : Color.RED;
            case 3 -> {
                List<Object> list = new ArrayList<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    list.add(randomValue(random, depth - 1));
                }
                yield list;
            }
            case 4 -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    map.put("k" + random.nextInt(5), randomValue(random, depth - 1));
                }
                yield map;
            }
            case 5 -> {
                Set<Object> set = new LinkedHashSet<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    set.add(random.nextInt(10));
                }
                yield set;
            }
            default -> new Item("t" + random.nextInt(5), randomValue(random, depth - 1));
        };
    }

    private static void collectContainers(Object value, IdentityHashMap<Object, Boolean> into) {
        switch (value) {
            case List<?> list -> {
                into.put(list, true);
                list.forEach(e -> collectContainers(e, into));
            }
            case Map<?, ?> map -> {
                into.put(map, true);
                map.values().forEach(e -> collectContainers(e, into));
            }
            case Set<?> set -> into.put(set, true);
            case Item item -> collectContainers(item.owner(), into);
            case null, default -> { }
        }
    }
}
