package dev.loop.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each thread reuses its encoder: the bytes must be what a fresh encoder writes, after any value,
 * after a value that failed halfway, and for a value encoded while another is being encoded.
 */
class EncoderReuseTest {

    /** A codec whose structured form is itself the encoding of another value: an encode inside an encode. */
    record Wrapped(Object inner) { }

    static final class WrappedCodec implements ValueCodec<Wrapped> {
        @Override
        public Class<Wrapped> type() {
            return Wrapped.class;
        }

        @Override
        public String name() {
            return "test.Wrapped/1";
        }

        @Override
        public Object toStructured(Wrapped value) {
            return ArrayBuffer.copyOf(ValueEncoding.encode(value.inner()));
        }

        @Override
        public Wrapped fromStructured(Object structured) {
            return new Wrapped(ValueEncoding.decode(((ArrayBuffer) structured).toByteArray()));
        }
    }

    /** A codec whose structured form is a copy of another value: a copy inside a copy. */
    record Copied(Object inner) { }

    static final class CopiedCodec implements ValueCodec<Copied> {
        @Override
        public Class<Copied> type() {
            return Copied.class;
        }

        @Override
        public String name() {
            return "test.Copied/1";
        }

        @Override
        public Object toStructured(Copied value) {
            return StructuredClone.copy(value.inner());
        }

        @Override
        public Copied fromStructured(Object structured) {
            return new Copied(structured);
        }
    }

    static {
        ValueCodecs.register(new WrappedCodec());
        ValueCodecs.register(new CopiedCodec());
    }

    private static Map<String, Object> sample(int seq) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("seq", seq);
        value.put("shared", List.of("a", "b"));
        value.put("again", value.get("shared")); // a back-reference: the writer's identity map
        value.put("nested", Map.of("x", List.of(1.5, true)));
        return value;
    }

    @Test
    void repeatedEncodesWriteTheSameBytesAsTheFirst() {
        Map<String, Object> same = sample(7);
        byte[] first = ValueEncoding.encode(same);
        for (int i = 0; i < 100; i++) {
            ValueEncoding.encode(sample(i)); // leaves ids, classes and frames behind, if not cleared
            // The same objects again: an identity left from the last encode would make them back-references.
            assertArrayEquals(first, ValueEncoding.encode(same));
        }
        assertEquals(sample(7), ValueEncoding.decode(first));
    }

    @Test
    void aFailedEncodeLeavesNothingForTheNext() {
        byte[] clean = ValueEncoding.encode(sample(1));
        List<Object> deep = new ArrayList<>();
        deep.add(List.of(List.of(new Object()))); // not a structured value, three levels down
        assertThrows(DataCloneException.class, () -> ValueEncoding.encode(Map.of("bad", deep)));
        assertArrayEquals(clean, ValueEncoding.encode(sample(1)));
    }

    @Test
    void anEncodeInsideAnEncodeGetsAnEncoderOfItsOwn() {
        Object value = List.of("before", new Wrapped(sample(3)), "after");
        Object decoded = ValueEncoding.decode(ValueEncoding.encode(value));
        assertEquals(List.of("before", new Wrapped(sample(3)), "after"), decoded);
        assertArrayEquals(ValueEncoding.encode(sample(3)), ValueEncoding.encode(sample(3)));
    }

    /** The cloner is reused too: a shared reference copied again stays one copy, not one from the last value. */
    @Test
    void repeatedCopiesKeepSharedReferencesWithinEachCopyOnly() {
        Map<String, Object> same = sample(5);
        for (int i = 0; i < 100; i++) {
            StructuredClone.copy(sample(i));
            Map<?, ?> copy = StructuredClone.copy(same);
            assertEquals(same, copy);
            org.junit.jupiter.api.Assertions.assertSame(copy.get("shared"), copy.get("again"), "one copy of the shared list");
            org.junit.jupiter.api.Assertions.assertNotSame(same.get("shared"), copy.get("shared"));
        }
    }

    @Test
    void aFailedCopyLeavesNothingForTheNext() {
        List<Object> deep = new ArrayList<>();
        deep.add(List.of(List.of(new Object())));
        assertThrows(DataCloneException.class, () -> StructuredClone.copy(Map.of("bad", deep)));
        assertEquals(sample(2), StructuredClone.copy(sample(2)));
    }

    @Test
    void aCopyInsideACopyGetsAClonerOfItsOwn() {
        Object value = List.of("before", new Copied(sample(4)), new Wrapped(sample(6)), "after");
        assertEquals(value, StructuredClone.copy(value));
        assertEquals(sample(4), StructuredClone.copy(sample(4)), "the thread's cloner is still usable afterwards");
    }
}
