package dev.loop.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.value.shared.SharedBuffer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transfer lists, shared buffers, codecs, and the receiver's half of a clone. */
class TransferAndCodecTest {

    record Money(String currency, BigDecimal amount) { }

    record Wallet(String owner, Object money) { }

    /** A type that is not a structured value by itself: it needs a codec. */
    static final class Celsius {
        final double degrees;

        Celsius(double degrees) {
            this.degrees = degrees;
        }
    }

    static final class CelsiusCodec implements ValueCodec<Celsius> {
        @Override
        public Class<Celsius> type() {
            return Celsius.class;
        }

        @Override
        public String name() {
            return "test.Celsius/1";
        }

        @Override
        public Object toStructured(Celsius value) {
            return value.degrees;
        }

        @Override
        public Celsius fromStructured(Object structured) {
            double degrees = (Double) structured;
            if (degrees < -273.15) {
                throw new IllegalArgumentException("below absolute zero: " + degrees);
            }
            return new Celsius(degrees);
        }
    }

    static {
        ValueCodecs.register(new CelsiusCodec());
    }

    @Test
    void aTransferredBufferIsMovedAndTheSendersIsDetached() {
        ArrayBuffer buffer = ArrayBuffer.copyOf(new byte[] {1, 2, 3});
        Serialized s = StructuredClone.serialize(Map.of("data", buffer), List.of(buffer));
        assertTrue(buffer.detached());
        assertEquals(0, buffer.byteLength());
        IllegalStateException touched = assertThrows(IllegalStateException.class, () -> buffer.get(0));
        assertTrue(touched.getMessage().contains("detached"), touched.getMessage());
        assertThrows(IllegalStateException.class, buffer::toByteArray);

        Map<?, ?> received = (Map<?, ?>) s.deserialize();
        ArrayBuffer moved = (ArrayBuffer) received.get("data");
        assertSame(moved, s.transferred().get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, moved.toByteArray());
    }

    @Test
    void aBufferNotInTheTransferListIsCopied() {
        ArrayBuffer buffer = ArrayBuffer.copyOf(new byte[] {9});
        ArrayBuffer copy = StructuredClone.copy(buffer);
        assertNotSame(buffer, copy);
        assertFalse(buffer.detached());
        copy.set(0, (byte) 1);
        assertEquals(9, buffer.get(0));
    }

    @Test
    void badTransferListsAreRefusedAndDetachNothing() {
        ArrayBuffer a = ArrayBuffer.allocate(4);
        DataCloneException twice = assertThrows(DataCloneException.class,
                () -> StructuredClone.serialize(a, List.of(a, a)));
        assertEquals("$transferList[1]", twice.path());
        assertFalse(a.detached());

        SharedBuffer shared = SharedBuffer.allocate(8);
        DataCloneException sharedError = assertThrows(DataCloneException.class,
                () -> StructuredClone.serialize(shared, List.of(a, shared)));
        assertTrue(sharedError.getMessage().contains("shared, not moved"), sharedError.getMessage());
        assertFalse(a.detached());

        DataCloneException notTransferable = assertThrows(DataCloneException.class,
                () -> StructuredClone.serialize(1, List.of("text")));
        assertTrue(notTransferable.getMessage().contains("not transferable"), notTransferable.getMessage());

        // the value fails after the transfer list was checked: still nothing is detached
        List<Object> value = new ArrayList<>(List.of(a, new Object()));
        DataCloneException failed = assertThrows(DataCloneException.class,
                () -> StructuredClone.serialize(value, List.of(a)));
        assertEquals("$[1]", failed.path());
        assertFalse(a.detached());

        StructuredClone.serialize(a, List.of(a));
        DataCloneException detached = assertThrows(DataCloneException.class,
                () -> StructuredClone.serialize(a, List.of(a)));
        assertTrue(detached.getMessage().contains("detached"), detached.getMessage());
        assertThrows(DataCloneException.class, () -> StructuredClone.copy(a));
    }

    @Test
    void aSharedBufferIsSharedNotCopied() {
        SharedBuffer shared = SharedBuffer.allocate(16);
        List<Object> copy = StructuredClone.copy(List.of(shared, shared));
        assertSame(shared, copy.get(0));
        assertSame(shared, copy.get(1));
    }

    @Test
    void recordsAreBuiltByTheReceiverAndTheirConstructorsCanRefuse() {
        Serialized s = StructuredClone.serialize(new Wallet("ada", new Money("EUR", BigDecimal.TEN)), List.of());
        assertEquals(new Wallet("ada", new Money("EUR", BigDecimal.TEN)), s.deserialize());
        assertThrows(IllegalStateException.class, s::deserialize, "a snapshot is deserialized once");
    }

    @Test
    void aCodecCarriesAUserTypeBothWaysAndItsFailuresNameThePath() {
        Wallet wallet = new Wallet("ada", new Celsius(21.5));
        Wallet copy = StructuredClone.copy(wallet);
        assertEquals(21.5, ((Celsius) copy.money()).degrees);
        Wallet decoded = (Wallet) ValueEncoding.decode(ValueEncoding.encode(wallet), getClass().getClassLoader());
        assertEquals(21.5, ((Celsius) decoded.money()).degrees);

        Serialized cold = StructuredClone.serialize(List.of(new Wallet("bob", new Celsius(-300))), List.of());
        DataCloneException receiverSide = assertThrows(DataCloneException.class, cold::deserialize);
        assertEquals("$[0].money", receiverSide.path());
        assertTrue(receiverSide.getMessage().contains("absolute zero"), receiverSide.getMessage());
    }

    @Test
    void theEncodingIsVersionedAndRefusesANewerVersion() {
        byte[] bytes = ValueEncoding.encode("hi");
        assertEquals('L', bytes[0]);
        assertEquals('V', bytes[1]);
        assertEquals(ValueEncoding.VERSION, bytes[2]);
        bytes[2] = (byte) (ValueEncoding.VERSION + 1);
        DataCloneException newer = assertThrows(DataCloneException.class, () -> ValueEncoding.decode(bytes));
        assertTrue(newer.getMessage().contains("version 2"), newer.getMessage());
    }

    @Test
    void theEncodingKeepsCyclesAndRefusesWhatCannotLeaveTheProcess() {
        List<Object> cycle = new ArrayList<>();
        cycle.add("head");
        cycle.add(cycle);
        List<?> back = (List<?>) ValueEncoding.decode(ValueEncoding.encode(cycle));
        assertSame(back, back.get(1));

        DataCloneException shared = assertThrows(DataCloneException.class,
                () -> ValueEncoding.encode(Map.of("memory", SharedBuffer.allocate(4))));
        assertEquals("$.memory", shared.path());
    }

    @Test
    void smallValuesEncodeCompactly() {
        assertEquals(3 + 1 + 1, ValueEncoding.encode(42).length);
        assertEquals(3 + 1 + 1 + 5, ValueEncoding.encode("hello").length);
        assertTrue(ValueEncoding.encode(List.of(new Money("EUR", BigDecimal.ONE), new Money("USD", BigDecimal.ONE))).length
                < 2 * Money.class.getName().length() + 30, "a class name is written once");
    }

    @Test
    void transferredObjectsComeInTheTransferListsOrder() {
        List<ArrayBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            buffers.add(ArrayBuffer.copyOf(new byte[] {(byte) i}));
        }
        Serialized s = StructuredClone.serialize(buffers, buffers);
        List<?> received = (List<?>) s.deserialize();
        assertEquals(received, s.transferred());
        for (int i = 0; i < 20; i++) {
            assertEquals(i, ((ArrayBuffer) s.transferred().get(i)).get(0));
        }
    }

    @Test
    void aHugeLengthInCorruptBytesIsRefusedWithoutAllocating() {
        // 'L' 'V' 1, UTF16, then a varint of 2^62 + 0x7FFFFFF0: n * 2 overflowed the old bounds check
        long n = (1L << 62) + 0x7FFFFFF0L;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write('L');
        out.write('V');
        out.write(1);
        out.write(11);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        DataCloneException e = assertThrows(DataCloneException.class, () -> ValueEncoding.decode(out.toByteArray()));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }
}
