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

    /**
     * Containers of scalars only are copied in one pass without the walk's frames; these pin what
     * that pass must keep: identity of a flat container met twice, the order, null keys and
     * values, and the hand-over to the walk at the first part that is not a scalar.
     */
    @Test
    void flatContainersAreCopiedAsTheWalkCopiesThem() {
        Map<Object, Object> flat = new LinkedHashMap<>();
        flat.put("seq", 7);
        flat.put(null, "no key");
        flat.put("none", null);
        flat.put(Color.RED, Instant.EPOCH);
        Map<Object, Object> rootCopy = StructuredClone.copy(flat);
        assertEquals(flat, rootCopy);
        assertNotSame(flat, rootCopy);
        assertEquals(new ArrayList<>(flat.keySet()), new ArrayList<>(rootCopy.keySet()), "insertion order is kept");

        List<Object> twice = new ArrayList<>(List.of(flat, flat, List.of(1, 2), Set.of("s")));
        List<Object> copy = StructuredClone.copy(twice);
        assertSame(copy.get(0), copy.get(1), "a flat map met twice is copied once");
        assertEquals(twice, copy);
        assertTrue(copy.get(2) instanceof ArrayList<?>, "an immutable list is copied into a list the receiver owns");

        Serialized taken = StructuredClone.serialize(flat, List.of());
        flat.put("seq", 8);
        flat.put("late", true);
        Map<?, ?> received = (Map<?, ?>) taken.deserialize();
        assertEquals(7, received.get("seq"), "the receiver builds what the sender had when it posted");
        assertTrue(!received.containsKey("late"));

        Map<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("a", 1);
        mixed.put("b", "two");
        List<Object> inner = new ArrayList<>(List.of(3));
        mixed.put("c", inner);
        mixed.put("d", 4L);
        Map<String, Object> mixedCopy = StructuredClone.copy(mixed);
        assertEquals(mixed, mixedCopy);
        assertNotSame(inner, mixedCopy.get("c"), "a container after scalars is copied, not shared");
        assertEquals(List.of("a", "b", "c", "d"), new ArrayList<>(mixedCopy.keySet()));

        Map<Object, Object> badKey = new LinkedHashMap<>();
        badKey.put("a", 1);
        badKey.put(new ArrayList<>(), 2);
        DataCloneException error = assertThrows(DataCloneException.class, () -> StructuredClone.copy(badKey));
        assertTrue(error.getMessage().contains("key"), error.getMessage());
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
