package dev.loop.value;

import static dev.loop.value.ValueEncoding.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Issue 11: the one rule for map keys and set elements (null, scalars, enum constants, codec
 * values, and records of those with at most 64 records), applied alike by the copy, the encoding
 * and the decoding, before any key is hashed.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
class KeyRuleTest {

    record Point(int x, int y) { }

    record Tagged(String name, Object tag) { }

    enum Side { LEFT, RIGHT }

    /** A type that is a structured value only through its codec; it hashes by its text. */
    static final class Label {
        static final ValueCodec<Label> CODEC = ValueCodec.of(Label.class, "test.KeyRuleTest.Label/1",
                l -> l.text, v -> new Label((String) v));

        final String text;

        Label(String text) {
            this.text = text;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Label l && l.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }

    static {
        ValueCodecs.register(Label.CODEC);
    }

    /** The three walks that apply the rule, each taking a value and giving back what crossed. */
    private static final List<Function<Object, Object>> WALKS = List.of(
            StructuredClone::copy,
            v -> ValueEncoding.decode(ValueEncoding.encode(v), KeyRuleTest.class.getClassLoader()),
            v -> StructuredClone.serialize(v, List.of()).deserialize());

    @Test
    void scalarsEnumsRecordsAndCodecValuesAreKeys() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(null, 0);
        map.put("name", 1);
        map.put(42L, 2);
        map.put(Side.LEFT, 3);
        map.put(new Point(1, 2), 4);
        map.put(new Tagged("t", new Tagged("inner", Side.RIGHT)), 5);
        map.put(new Tagged("label", null), 6);
        Set<Object> set = new LinkedHashSet<>(map.keySet());
        for (Function<Object, Object> walk : WALKS) {
            assertEquals(map, walk.apply(map));
            assertEquals(set, walk.apply(set));
            assertEquals(new ArrayList<>(set), new ArrayList<>((Set<?>) walk.apply(set)), "order kept");
        }
        Map<Object, Object> byLabel = Map.of(new Label("a"), 1);
        for (Function<Object, Object> walk : WALKS) {
            assertEquals(byLabel, walk.apply(byLabel));
        }
    }

    @Test
    void containersAreRefusedAsKeysBeforeTheyAreHashed() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        List<Map.Entry<String, Object>> cases = List.of(
                Map.entry("a List", List.of(1)),
                Map.entry("a List", cyclic),
                Map.entry("a Map", Map.of("k", 1)),
                Map.entry("a Set", Set.of(1)),
                Map.entry("an array", new int[] {1}),
                Map.entry("an array", new String[] {"s"}),
                Map.entry("an ArrayBuffer", ArrayBuffer.allocate(1)));
        for (Map.Entry<String, Object> c : cases) {
            Object key = c.getValue();
            assertRefused(Map.of("index", mapOf("first", key)), "$.index{key 1}", c.getKey());
            assertRefused(List.of(setOf(key)), "$[0]{0}", c.getKey());
        }
    }

    @Test
    void aContainerInsideARecordKeyIsRefusedWithThePathIntoTheKey() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        Tagged key = new Tagged("outer", new Tagged("inner", cyclic));
        assertRefused(setOf(key), "${0}.tag.tag", "a List");
        assertRefused(mapOf(key), "${key 0}.tag.tag", "a List");
    }

    @Test
    void aKeyMayHoldSixtyFourRecordsCountedEachTimeTheyAppear() {
        Tagged chain = null;
        for (int i = 0; i < KeyRule.MAX_RECORDS; i++) {
            chain = new Tagged("t" + i, chain);
        }
        Set<Object> atTheLimit = Set.of(chain);
        for (Function<Object, Object> walk : WALKS) {
            assertEquals(atTheLimit, walk.apply(atTheLimit));
        }
        assertRefused(Set.of(new Tagged("one more", chain)), "${0}", "more than 64 records");

        Object doubling = null; // 7 objects, but 127 records as a hash walks them
        for (int i = 0; i < 7; i++) {
            doubling = new CraftedInputs.Pair(doubling, doubling);
        }
        assertRefused(Set.of(doubling), "${0}", "more than 64 records");
    }

    @Test
    void theEncoderRefusesAMapOfMoreKeysSharingAHashCodeThanTheDecoderTakes() {
        Map<Object, Object> colliding = new LinkedHashMap<>();
        for (int i = 0; i <= KeyRule.MAX_KEYS_PER_HASH; i++) {
            colliding.put(new Point(i, -31 * i), i); // 31 * x + y == 0 for all
        }
        DataCloneException e = assertThrows(DataCloneException.class, () -> ValueEncoding.encode(colliding));
        assertEquals("${key " + KeyRule.MAX_KEYS_PER_HASH + "}", e.path());
        colliding.remove(new Point(0, 0));
        assertEquals(colliding, ValueEncoding.decode(ValueEncoding.encode(colliding), getClass().getClassLoader()));

        Set<Object> grid = new LinkedHashSet<>(); // 31 * x + y collides, but never 256 times
        for (int x = 0; x < 300; x++) {
            for (int y = 0; y < 300; y++) {
                grid.add(new Point(x, y));
            }
        }
        assertEquals(grid, ValueEncoding.decode(ValueEncoding.encode(grid), getClass().getClassLoader()));
    }

    @Test
    void aRecordKeySharedByManyMapsStaysOneKey() {
        Point key = new Point(3, 4);
        List<Object> maps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            maps.add(Map.of(key, i));
        }
        List<?> back = (List<?>) ValueEncoding.decode(ValueEncoding.encode(maps), getClass().getClassLoader());
        Object first = ((Map<?, ?>) back.getFirst()).keySet().iterator().next();
        for (Object map : back) {
            assertSame(first, ((Map<?, ?>) map).keySet().iterator().next());
        }
    }

    @Test
    void theDecoderRefusesContainerKeysThatNoEncoderWrote() {
        byte[] listKey = new CraftedInputs.Bytes().tag(MAP).varint(1).tag(LIST).varint(0).tag(NULL).bytes();
        assertEquals("${key 0}", refusedByDecoder(listKey, "a List"));
        byte[] mapElement = new CraftedInputs.Bytes().tag(SET).varint(1).tag(MAP).varint(0).bytes();
        assertEquals("${0}", refusedByDecoder(mapElement, "a Map"));
        byte[] arrayKey = new CraftedInputs.Bytes().tag(MAP).varint(2).tag(LATIN1).name("a").tag(NULL)
                .tag(PRIMITIVE_ARRAY).tag('B').varint(0).tag(NULL).bytes();
        assertEquals("${key 1}", refusedByDecoder(arrayKey, "an array"));
        byte[] listInRecordKey = new CraftedInputs.Bytes().tag(SET).varint(1)
                .tag(RECORD).varint(0).name(CraftedInputs.Pair.class.getName()).varint(2)
                .tag(INT).varint(2).tag(LIST).varint(0).bytes();
        assertEquals("${0}.right", refusedByDecoder(listInRecordKey, "a List"));
        byte[] selfAsKey = new CraftedInputs.Bytes().tag(MAP).varint(1).tag(REF).varint(0).tag(NULL).bytes();
        assertEquals("${key 0}", refusedByDecoder(selfAsKey, "a Map"));
    }

    private static String refusedByDecoder(byte[] bytes, String what) {
        DataCloneException e = assertThrows(DataCloneException.class,
                () -> ValueEncoding.decode(bytes, KeyRuleTest.class.getClassLoader()));
        assertTrue(e.getMessage().contains(what + " cannot be a map key or set element"), e.getMessage());
        return e.path();
    }

    /** The copy, the encoding and the two-halved clone all refuse {@code value} at {@code path}. */
    private static void assertRefused(Object value, String path, String what) {
        for (Function<Object, Object> walk : WALKS) {
            DataCloneException e = assertThrows(DataCloneException.class, () -> walk.apply(value));
            assertEquals(path, e.path(), e.getMessage());
            assertTrue(e.getMessage().contains(what), e.getMessage());
        }
    }

    /**
     * A map of {@code keys}, each to its index, that iterates without hashing them, as a cyclic
     * list cannot be hashed; the walks only iterate.
     */
    private static Map<Object, Object> mapOf(Object... keys) {
        List<Map.Entry<Object, Object>> entries = new ArrayList<>();
        for (Object key : keys) {
            entries.add(Map.entry(key, entries.size()));
        }
        return new AbstractMap<>() {
            @Override
            public Set<Map.Entry<Object, Object>> entrySet() {
                return new Unhashed<>(entries);
            }
        };
    }

    /** A set of one element that iterates without hashing it. */
    private static Set<Object> setOf(Object element) {
        return new Unhashed<>(List.of(element));
    }

    /** A read-only set over a list. */
    private static final class Unhashed<E> extends AbstractSet<E> {
        private final List<E> elements;

        Unhashed(List<E> elements) {
            this.elements = elements;
        }

        @Override
        public Iterator<E> iterator() {
            return elements.iterator();
        }

        @Override
        public int size() {
            return elements.size();
        }
    }
}
