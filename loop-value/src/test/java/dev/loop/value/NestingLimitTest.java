package dev.loop.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Issue 11: a structured value nests at most {@link StructuredClone#maxDepth()} levels. The copy,
 * the encoding and the decoding take exactly that many and refuse one more with a
 * {@link DataCloneException} that names the path, never a {@link StackOverflowError}, and they do
 * it on a thread with a stack far smaller than the JVM's default.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
class NestingLimitTest {

    /** A quarter of the smallest default thread stack (1 MiB on 64-bit Linux, 512 KiB on some platforms). */
    private static final long SMALL_STACK = 256 * 1024;

    private static final int LIMIT = StructuredClone.DEFAULT_MAX_DEPTH;

    /** The path of the container at level {@code LIMIT + 1} of nested lists, as ValuePath truncates it. */
    private static final String PAST_THE_LIMIT = "$" + "[0]".repeat(16) + "…(" + (LIMIT - 32) + " more levels)…"
            + "[0]".repeat(16);

    record Box(Object content) { }

    @Test
    void theLimitIsAThousandUnlessTheSystemPropertySaysOtherwise() {
        assertEquals(1000, StructuredClone.DEFAULT_MAX_DEPTH);
        assertEquals(System.getProperty(StructuredClone.MAX_DEPTH_PROPERTY) == null ? 1000
                : Integer.parseInt(System.getProperty(StructuredClone.MAX_DEPTH_PROPERTY)), StructuredClone.maxDepth());
        assertEquals(1000, StructuredClone.parseMaxDepth(null));
        assertEquals(5000, StructuredClone.parseMaxDepth(" 5000 "));
        for (String bad : List.of("0", "-3", "many", "")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StructuredClone.parseMaxDepth(bad));
            assertTrue(e.getMessage().contains("dev.loop.value.maxDepth=" + bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ValueEncoding.decode(CraftedInputs.nestedLists(1), null, 0));
        assertThrows(IllegalArgumentException.class, () -> ValueEncoding.encode(List.of(), 0));
    }

    @Test
    void decodingTakesTheLimitAndRefusesOneLevelMore() {
        assertEquals(LIMIT, listDepth(decode(CraftedInputs.nestedLists(LIMIT))));
        DataCloneException e = assertThrows(DataCloneException.class, () -> decode(CraftedInputs.nestedLists(LIMIT + 1)));
        assertEquals(PAST_THE_LIMIT, e.path());
        assertTrue(e.getMessage().contains("nested deeper than 1000 levels"), e.getMessage());
        assertTrue(e.getMessage().contains(StructuredClone.MAX_DEPTH_PROPERTY), "says how to raise it: " + e.getMessage());
    }

    @Test
    void aLimitGivenToDecodeReplacesTheProcesssOne() {
        byte[] tenDeep = CraftedInputs.nestedLists(10);
        assertEquals(10, listDepth(ValueEncoding.decode(tenDeep, null, 10)));
        DataCloneException e = assertThrows(DataCloneException.class, () -> ValueEncoding.decode(tenDeep, null, 9));
        assertEquals("$" + "[0]".repeat(9), e.path());
        assertEquals(5000, listDepth(ValueEncoding.decode(CraftedInputs.nestedLists(5000), null, 5000)));
    }

    @Test
    void encodingAndCopyingTakeTheLimitAndRefuseOneLevelMore() {
        Object atTheLimit = nestedLists(LIMIT);
        assertEquals(LIMIT, listDepth(decode(ValueEncoding.encode(atTheLimit))));
        assertEquals(LIMIT, listDepth(StructuredClone.copy(atTheLimit)));

        Object pastTheLimit = nestedLists(LIMIT + 1);
        DataCloneException encoding = assertThrows(DataCloneException.class, () -> ValueEncoding.encode(pastTheLimit));
        assertEquals(PAST_THE_LIMIT, encoding.path());
        DataCloneException copying = assertThrows(DataCloneException.class, () -> StructuredClone.copy(pastTheLimit));
        assertEquals(PAST_THE_LIMIT, copying.path());

        DataCloneException small = assertThrows(DataCloneException.class, () -> ValueEncoding.encode(nestedLists(4), 3));
        assertEquals("$[0][0][0]", small.path());
    }

    @Test
    void everyKindOfContainerIsALevelAndNamesItsSegment() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("items", List.of(new Box(new Object[] {List.of(new ArrayList<>())})));
        // map, list, Box, array, list, list: 6 levels
        assertEquals(map.keySet(), ((Map<?, ?>) decode(ValueEncoding.encode(map, 6))).keySet());
        DataCloneException encoding = assertThrows(DataCloneException.class, () -> ValueEncoding.encode(map, 5));
        assertEquals("$.items[0].content[0][0]", encoding.path());
        assertTrue(encoding.getMessage().contains("nested deeper than 5 levels"), encoding.getMessage());
        DataCloneException decoding = assertThrows(DataCloneException.class,
                () -> ValueEncoding.decode(ValueEncoding.encode(map, 6), getClass().getClassLoader(), 5));
        assertEquals("$.items[0].content[0][0]", decoding.path());

        Set<Object> set = Set.of(new Box(new Box("x"))); // set, Box, Box: 3 levels
        assertEquals(set, decode(ValueEncoding.encode(set, 3)));
        assertEquals("${0}.content", assertThrows(DataCloneException.class, () -> ValueEncoding.encode(set, 2)).path());
    }

    @Test
    void recordsNestedPastTheLimitAreRefusedByTheCopyTheEncodingAndTheDecoding() {
        Object boxes = null;
        for (int i = 0; i < LIMIT + 1; i++) {
            boxes = new Box(boxes);
        }
        Object pastTheLimit = boxes;
        String path = "$" + ".content".repeat(16) + "…(" + (LIMIT - 32) + " more levels)…" + ".content".repeat(16);
        assertEquals(path, assertThrows(DataCloneException.class, () -> StructuredClone.copy(pastTheLimit)).path());
        assertEquals(path, assertThrows(DataCloneException.class, () -> ValueEncoding.encode(pastTheLimit)).path());
        byte[] bytes = ValueEncoding.encode(pastTheLimit, LIMIT + 1);
        assertEquals(path, assertThrows(DataCloneException.class, () -> decode(bytes)).path());
    }

    /**
     * All of it at the limit on a thread with a 256 KiB stack, where recursion 1000 levels deep
     * overflowed: the walks keep their own stacks.
     */
    @Test
    void theWalksNeedNoDeepThreadStack() throws Exception {
        Object lists = nestedLists(LIMIT);
        Object boxes = "bottom";
        for (int i = 0; i < LIMIT / 2; i++) {
            boxes = new Box(List.of(boxes)); // two levels each
        }
        Object records = boxes;
        byte[] encoded = onSmallStack(() -> ValueEncoding.encode(lists));
        assertEquals(LIMIT, listDepth(onSmallStack(() -> decode(encoded))));
        assertEquals(LIMIT, listDepth(onSmallStack(() -> StructuredClone.copy(lists))));

        Serialized snapshot = onSmallStack(() -> StructuredClone.serialize(records, List.of()));
        Object built = onSmallStack(snapshot::deserialize);
        assertEquals("bottom", bottomOfBoxes(built, LIMIT / 2));
        byte[] encodedRecords = onSmallStack(() -> ValueEncoding.encode(records));
        assertEquals("bottom", bottomOfBoxes(onSmallStack(() -> decode(encodedRecords)), LIMIT / 2));

        byte[] tooDeep = CraftedInputs.nestedLists(10 * LIMIT);
        Object refused = onSmallStack(() -> {
            try {
                return decode(tooDeep);
            } catch (DataCloneException e) {
                return e;
            }
        });
        assertInstanceOf(DataCloneException.class, refused);
    }

    private static Object decode(byte[] bytes) {
        return ValueEncoding.decode(bytes, NestingLimitTest.class.getClassLoader());
    }

    /** Lists nested {@code depth} deep, the innermost empty. */
    private static List<Object> nestedLists(int depth) {
        List<Object> root = new ArrayList<>();
        List<Object> list = root;
        for (int i = 1; i < depth; i++) {
            List<Object> inner = new ArrayList<>();
            list.add(inner);
            list = inner;
        }
        return root;
    }

    /** How many lists are nested, following the first element (the innermost is empty or holds null). */
    private static int listDepth(Object value) {
        int depth = 0;
        while (value instanceof List<?> list) {
            depth++;
            value = list.isEmpty() ? null : list.getFirst();
        }
        assertNull(value);
        return depth;
    }

    /** Follows {@code levels} boxes, each holding a one-element list, to the string at the bottom. */
    private static Object bottomOfBoxes(Object value, int levels) {
        for (int i = 0; i < levels * 2; i++) {
            value = value instanceof Box box ? box.content() : ((List<?>) value).getFirst();
        }
        return value;
    }

    private static <T> T onSmallStack(Callable<T> task) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                outcome.set(new Object[] {task.call()});
            } catch (Throwable t) { // handed to the test thread, which rethrows it
                outcome.set(t);
            }
        }, "small-stack", SMALL_STACK);
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(20));
        if (thread.isAlive()) {
            fail("the task did not end within 20 s");
        }
        if (outcome.get() instanceof Throwable t) {
            throw new AssertionError("on a thread with a " + SMALL_STACK / 1024 + " KiB stack: " + t, t);
        }
        @SuppressWarnings("unchecked")
        T result = (T) ((Object[]) outcome.get())[0];
        return result;
    }
}
