package dev.loop.value;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 11: the decoder survives any bytes. For random bytes, and for encodings and crafted
 * inputs ({@link CraftedInputs}) with a few random mutations, decoding returns a value or throws a
 * {@link DataCloneException}, on a thread with a 256 KiB stack and within {@link #BOUND_MS} ms;
 * whatever decodes also encodes and copies, under the same terms.
 *
 * <p>Each case runs on a thread of its own, so that a case that hangs fails with its bytes instead
 * of hanging the build (its thread, a daemon, is left behind).
 */
class DecoderFuzzProperties {

    /** How long one case may take: inputs are a few KB, so a case takes microseconds unless something is superlinear. */
    static final long BOUND_MS = 2_000;

    private static final long STACK = 256 * 1024;

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void randomBytesDecodeOrAreRefused(@ForAll("bodies") List<Byte> body) {
        byte[] bytes = new byte[3 + body.size()];
        bytes[0] = 'L';
        bytes[1] = 'V';
        bytes[2] = ValueEncoding.VERSION;
        for (int i = 0; i < body.size(); i++) {
            bytes[3 + i] = body.get(i);
        }
        Statistics.label("outcome").collect(survives(bytes));
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void mutatedEncodingsDecodeOrAreRefused(@ForAll("encodings") byte[] encoding,
            @ForAll("mutations") List<Mutation> mutations) {
        Statistics.label("outcome").collect(survives(Mutation.applyAll(encoding, mutations)));
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void mutatedCraftedInputsDecodeOrAreRefused(@ForAll("crafted") byte[] seed,
            @ForAll("mutations") List<Mutation> mutations) {
        Statistics.label("outcome").collect(survives(Mutation.applyAll(seed, mutations)));
    }

    /** Bytes after the header: any bytes, mixed with tags and small numbers, which nest and refer far more often. */
    @Provide
    Arbitrary<List<Byte>> bodies() {
        return Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.bytes().between((byte) 0, (byte) 4),
                Arbitraries.of(Mutation.INTERESTING_BOXED)).list().ofMaxSize(300);
    }

    @Provide
    Arbitrary<byte[]> encodings() {
        // no edge cases: jqwik combines those of every level, which for 4 levels fills the heap at 40,000 tries
        return StructuredValueProperties.values(4).withoutEdgeCases().map(ValueEncoding::encode);
    }

    @Provide
    Arbitrary<byte[]> crafted() {
        return Arbitraries.of(CraftedInputs.seeds().values());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, Mutation.KINDS - 1),
                        Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().between(1, 64),
                        Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes())
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(4);
    }

    /**
     * One change to an encoding, after its header: {@code at} and {@code to} are positions taken
     * modulo the length, {@code length} how many bytes a range spans.
     */
    record Mutation(int kind, int at, int length, int to, byte value) {
        static final int KINDS = 7;

        /** Bytes that mean something in the format: tags, varint edges, the largest values. */
        private static final byte[] INTERESTING = {0, 1, 2, 3, 10, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                0x7F, (byte) 0x80, (byte) 0xFF, 'B', 'Z'};

        static final List<Byte> INTERESTING_BOXED = IntStream.range(0, INTERESTING.length)
                .mapToObj(i -> INTERESTING[i]).toList();

        static byte[] applyAll(byte[] bytes, List<Mutation> mutations) {
            for (Mutation m : mutations) {
                bytes = m.apply(bytes);
            }
            return bytes;
        }

        byte[] apply(byte[] b) {
            int body = b.length - 3;
            if (body <= 0) {
                return kind == 2 ? insert(b, 3, new byte[] {value}) : b;
            }
            int i = 3 + at % body;
            int n = Math.min(length, b.length - i);
            return switch (kind) {
                case 0 -> set(b, i, value);
                case 1 -> set(b, i, INTERESTING[Math.floorMod(value, INTERESTING.length)]);
                case 2 -> insert(b, i, new byte[] {value});
                case 3 -> concat(Arrays.copyOf(b, i), Arrays.copyOfRange(b, i + n, b.length)); // delete a range
                case 4 -> insert(b, 3 + to % body, Arrays.copyOfRange(b, i, i + n)); // duplicate a range elsewhere
                case 5 -> Arrays.copyOf(b, i); // truncate
                default -> set(b, i, (byte) (b[i] | 0x80)); // a varint that goes on
            };
        }

        private static byte[] set(byte[] b, int i, byte v) {
            byte[] c = b.clone();
            c[i] = v;
            return c;
        }

        private static byte[] insert(byte[] b, int i, byte[] more) {
            return concat(concat(Arrays.copyOf(b, i), more), Arrays.copyOfRange(b, i, b.length));
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }
    }

    /**
     * Decodes {@code bytes} on a thread with a small stack; fails unless that returns or throws a
     * {@link DataCloneException} within the bound. What decodes must encode and copy the same way.
     *
     * @return "decoded" or "refused", for the statistics that show how far the inputs get
     */
    static String survives(byte[] bytes) {
        AtomicReference<Throwable> escaped = new AtomicReference<>();
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                Object value = decodeOrRefusal(bytes);
                if (value instanceof DataCloneException) {
                    outcome.set("refused");
                } else {
                    encodeAndCopy(value);
                    outcome.set("decoded");
                }
            } catch (Throwable t) { // handed to the test thread, which fails with it
                escaped.set(t);
            }
        }, "decoder-fuzz", STACK);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(BOUND_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (thread.isAlive()) {
            fail("decoding took more than " + BOUND_MS + " ms: " + hex(bytes));
        }
        if (escaped.get() != null) {
            throw new AssertionError("not a DataCloneException: " + escaped.get() + " for " + hex(bytes), escaped.get());
        }
        return outcome.get();
    }

    private static Object decodeOrRefusal(byte[] bytes) {
        try {
            return ValueEncoding.decode(bytes, DecoderFuzzProperties.class.getClassLoader());
        } catch (DataCloneException e) {
            assertNotNull(e.path());
            return e;
        }
    }

    private static void encodeAndCopy(Object value) {
        try {
            ValueEncoding.encode(value);
        } catch (DataCloneException e) {
            assertNotNull(e.path()); // nesting a copy deeper than the bytes did, where duplicate keys merged
        }
        try {
            StructuredClone.copy(value);
        } catch (DataCloneException e) {
            assertNotNull(e.path());
        }
    }

    private static String hex(byte[] bytes) {
        String all = HexFormat.of().formatHex(bytes);
        return bytes.length + " bytes " + (all.length() <= 2_000 ? all : all.substring(0, 2_000) + "…");
    }
}
