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

    static {
        ValueCodecs.register(new WrappedCodec());
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
}
