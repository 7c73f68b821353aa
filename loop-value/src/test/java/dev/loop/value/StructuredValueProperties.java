package dev.loop.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Round-trip properties of structured values: the in-memory copy and the binary encoding both give
 * back a value of the same shape, sharing included, and no corruption of an encoding makes the
 * decoder fail with anything but a {@link DataCloneException}.
 */
class StructuredValueProperties {

    record Pair(Object left, Object right) { }

    record Point(int x, long y, String label) { }

    enum Suit { CLUBS, HEARTS }

    @Property(tries = 300)
    void aCopyHasTheShapeOfTheOriginal(@ForAll("values") Object value) {
        Structures.assertSameShape(value, StructuredClone.copy(value));
    }

    @Property(tries = 300)
    void decodingAnEncodingGivesBackTheShapeOfTheOriginal(@ForAll("values") Object value) {
        byte[] bytes = ValueEncoding.encode(value);
        Structures.assertSameShapeAllNew(value, ValueEncoding.decode(bytes, getClass().getClassLoader()));
    }

    @Property(tries = 300)
    void encodingTheDecodedValueGivesTheSameBytes(@ForAll("values") Object value) {
        byte[] bytes = ValueEncoding.encode(value);
        assertEquals(Arrays.toString(bytes), Arrays.toString(ValueEncoding.encode(ValueEncoding.decode(bytes,
                getClass().getClassLoader()))));
    }

    @Property(tries = 300)
    void corruptBytesAreRefusedWithADataCloneException(@ForAll("values") Object value,
            @ForAll @IntRange(min = 0, max = 10_000) int where, @ForAll byte replacement, @ForAll boolean truncate) {
        byte[] bytes = ValueEncoding.encode(value);
        int at = 3 + where % Math.max(1, bytes.length - 3);
        byte[] corrupt = truncate ? Arrays.copyOf(bytes, Math.min(at, bytes.length - 1)) : bytes.clone();
        if (!truncate && at < corrupt.length) {
            corrupt[at] = replacement;
        }
        try {
            ValueEncoding.decode(corrupt, getClass().getClassLoader());
        } catch (DataCloneException expected) {
            assertNotNull(expected.path());
        }
    }

    @Provide
    Arbitrary<Object> values() {
        return values(3);
    }

    /** Structured values nested up to {@code depth} containers deep; {@link DecoderFuzzProperties} mutates their encodings. */
    static Arbitrary<Object> values(int depth) {
        if (depth == 0) {
            return Arbitraries.oneOf(scalars(), arrays());
        }
        Arbitrary<Object> inner = values(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalars()),
                Tuple.of(2, arrays()),
                Tuple.of(2, inner.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l))),
                Tuple.of(1, Arbitraries.maps(keys(), inner).ofMaxSize(3).map(m -> (Object) new LinkedHashMap<>(m))),
                Tuple.of(1, keys().set().ofMaxSize(3).map(s -> (Object) new LinkedHashSet<>(s))),
                Tuple.of(1, Combinators.combine(inner, inner).as((a, b) -> (Object) new Pair(a, b))),
                Tuple.of(1, inner.list().ofMaxSize(3).map(l -> (Object) l.toArray(new Object[0]))),
                Tuple.of(1, inner.map(StructuredValueProperties::twice)));
    }

    /** The same instance at two places: sharing must survive. */
    private static Object twice(Object shared) {
        List<Object> list = new ArrayList<>();
        list.add(shared);
        list.add(List.of("between"));
        list.add(shared);
        return list;
    }

    private static Arbitrary<Object> keys() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(6), Arbitraries.integers(),
                Arbitraries.integers().map(i -> new Point(i, i * 3L, "p" + i)));
    }

    private static Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false),
                Arbitraries.integers(),
                Arbitraries.longs(),
                Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, -0.0d, Double.NEGATIVE_INFINITY, Float.NaN),
                Arbitraries.floats(),
                Arbitraries.shorts(),
                Arbitraries.bytes(),
                Arbitraries.chars(),
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withCharRange('\ud800', '\udfff').ofMaxLength(3),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(100).negate(), BigInteger.TWO.pow(100)),
                Arbitraries.bigDecimals().ofScale(5),
                Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L).map(Instant::ofEpochMilli),
                Arbitraries.longs().map(Duration::ofNanos),
                Arbitraries.of(Suit.class),
                Arbitraries.integers().map(i -> new Point(i, -i, "" + i)))
                ;
    }

    private static Arbitrary<Object> arrays() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8),
                Arbitraries.integers().array(int[].class).ofMaxSize(5),
                Arbitraries.longs().array(long[].class).ofMaxSize(5),
                Arbitraries.doubles().array(double[].class).ofMaxSize(5),
                Arbitraries.chars().array(char[].class).ofMaxSize(5),
                Arbitraries.strings().ofMaxLength(3).array(String[].class).ofMaxSize(3),
                Arbitraries.integers().map(i -> new Point(i, i, "a")).array(Point[].class).ofMaxSize(3),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(ArrayBuffer::copyOf))
                ;
    }

    @Property(tries = 50)
    void aMapKeyedByRecordsKeepsItsOrder(@ForAll @IntRange(min = 1, max = 20) int n) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = n; i > 0; i--) {
            map.put(new Point(i, i, "k"), i);
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> back = (Map<Object, Object>) ValueEncoding.decode(ValueEncoding.encode(map),
                getClass().getClassLoader());
        assertEquals(new ArrayList<>(map.keySet()), new ArrayList<>(back.keySet()));
    }
}
