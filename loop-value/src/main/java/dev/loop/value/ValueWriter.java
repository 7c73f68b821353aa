package dev.loop.value;

import static dev.loop.value.ValueEncoding.*;

import dev.loop.value.shared.SharedBuffer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One encoding by {@link ValueEncoding#encode}: a growable byte array and the id tables. */
final class ValueWriter {

    private byte[] out = new byte[64];
    private int size;
    private final IdentityHashMap<Object, Integer> ids = new IdentityHashMap<>();
    private final HashMap<Class<?>, Integer> classes = new HashMap<>();
    /** Records and codec values being written: meeting one again is a cycle through it. */
    private final IdentityHashMap<Object, Boolean> building = new IdentityHashMap<>();

    byte[] write(Object value) {
        put(MAGIC_0);
        put(MAGIC_1);
        put(VERSION);
        value(value);
        return Arrays.copyOf(out, size);
    }

    private void value(Object value) {
        switch (value) {
            case null -> put(NULL);
            case Boolean b -> put(b ? TRUE : FALSE);
            case Integer i -> {
                put(INT);
                varlong(zigzag(i));
            }
            case Long l -> {
                put(LONG);
                varlong(zigzag(l));
            }
            case Double d -> {
                put(DOUBLE);
                fixed(Double.doubleToRawLongBits(d), 8);
            }
            case Float f -> {
                put(FLOAT);
                fixed(Float.floatToRawIntBits(f), 4);
            }
            case Short s -> {
                put(SHORT);
                varlong(zigzag(s));
            }
            case Byte b -> {
                put(BYTE);
                put(b);
            }
            case Character c -> {
                put(CHAR);
                varlong(c);
            }
            case String s -> string(s);
            case BigInteger b -> {
                put(BIG_INTEGER);
                bytes(b.toByteArray());
            }
            case BigDecimal d -> {
                put(BIG_DECIMAL);
                varlong(zigzag(d.scale()));
                bytes(d.unscaledValue().toByteArray());
            }
            case Instant t -> {
                put(INSTANT);
                varlong(zigzag(t.getEpochSecond()));
                varlong(t.getNano());
            }
            case Duration d -> {
                put(DURATION);
                varlong(zigzag(d.getSeconds()));
                varlong(d.getNano());
            }
            case Enum<?> e -> {
                put(ENUM);
                type(e.getDeclaringClass());
                rawString(e.name());
            }
            default -> {
                Integer id = ids.get(value);
                if (id != null) {
                    if (building.containsKey(value)) {
                        throw new DataCloneException("$", "a cycle through the " + value.getClass().getName()
                                + " cannot be encoded (it is built from its parts); break the cycle with a collection");
                    }
                    put(REF);
                    varlong(id);
                    return;
                }
                ids.put(value, ids.size());
                reference(value);
            }
        }
    }

    /** A value that gets an id: containers, arrays, records, buffers, codec values. */
    private void reference(Object value) {
        switch (value) {
            case byte[] a -> {
                primitiveArray('B', a.length);
                raw(a, 0, a.length);
            }
            case short[] a -> {
                primitiveArray('S', a.length);
                for (short v : a) {
                    fixed(v, 2);
                }
            }
            case int[] a -> {
                primitiveArray('I', a.length);
                for (int v : a) {
                    fixed(v, 4);
                }
            }
            case long[] a -> {
                primitiveArray('J', a.length);
                for (long v : a) {
                    fixed(v, 8);
                }
            }
            case float[] a -> {
                primitiveArray('F', a.length);
                for (float v : a) {
                    fixed(Float.floatToRawIntBits(v), 4);
                }
            }
            case double[] a -> {
                primitiveArray('D', a.length);
                for (double v : a) {
                    fixed(Double.doubleToRawLongBits(v), 8);
                }
            }
            case char[] a -> {
                primitiveArray('C', a.length);
                for (char v : a) {
                    fixed(v, 2);
                }
            }
            case boolean[] a -> {
                primitiveArray('Z', a.length);
                for (boolean v : a) {
                    put(v ? 1 : 0);
                }
            }
            case Object[] a -> {
                put(OBJECT_ARRAY);
                type(a.getClass().getComponentType());
                varlong(a.length);
                for (int i = 0; i < a.length; i++) {
                    element("[" + i + "]", a[i]);
                }
            }
            case List<?> list -> {
                put(LIST);
                varlong(list.size());
                int i = 0;
                for (Object element : list) {
                    element("[" + i++ + "]", element);
                }
            }
            case Map<?, ?> map -> {
                put(MAP);
                varlong(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    element(Forms.keySegment(e.getKey()) + "(key)", e.getKey());
                    element(Forms.keySegment(e.getKey()), e.getValue());
                }
            }
            case Set<?> set -> {
                put(SET);
                varlong(set.size());
                int i = 0;
                for (Object element : set) {
                    element("{" + i++ + "}", element);
                }
            }
            case Record record -> {
                RecordShape shape = RecordShape.of(record.getClass());
                put(RECORD);
                type(record.getClass());
                varlong(shape.size());
                building.put(record, Boolean.TRUE);
                for (int i = 0; i < shape.size(); i++) {
                    element("." + shape.names[i], shape.component(record, i));
                }
                building.remove(record);
            }
            case ArrayBuffer buffer -> {
                if (buffer.detached()) {
                    throw new DataCloneException("$", "this ArrayBuffer is detached (it was transferred away)"
                            + " and cannot be encoded");
                }
                put(ARRAY_BUFFER);
                byte[] bytes = buffer.toByteArray();
                varlong(bytes.length);
                raw(bytes, 0, bytes.length);
            }
            case SharedBuffer shared -> throw new DataCloneException("$", "a SharedBuffer is memory shared inside"
                    + " one process and cannot be encoded as bytes");
            case Transferable t -> throw new DataCloneException("$", t + " can only be transferred between threads of"
                    + " one process, not encoded as bytes");
            default -> codec(value);
        }
    }

    private void codec(Object value) {
        Forms.CodecForm form = Forms.encodeWithCodec(value);
        ValueCodec<?> codec = form.codec();
        Object structured = form.structured();
        put(CODEC);
        rawString(codec.name());
        building.put(value, Boolean.TRUE);
        element("(" + codec.name() + ")", structured);
        building.remove(value);
    }

    private void element(String segment, Object value) {
        try {
            value(value);
        } catch (DataCloneException e) {
            throw e.inside(segment);
        }
    }

    private void primitiveArray(char kind, int length) {
        put(PRIMITIVE_ARRAY);
        put(kind);
        varlong(length);
    }

    private void type(Class<?> type) {
        Integer index = classes.get(type);
        if (index != null) {
            varlong(index + 1L);
            return;
        }
        classes.put(type, classes.size());
        varlong(0);
        rawString(type.getName());
    }

    private void string(String s) {
        boolean latin1 = true;
        for (int i = 0; i < s.length() && latin1; i++) {
            latin1 = s.charAt(i) <= 0xFF;
        }
        put(latin1 ? LATIN1 : UTF16);
        varlong(s.length());
        ensure(latin1 ? s.length() : 2L * s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!latin1) {
                out[size++] = (byte) (c >>> 8);
            }
            out[size++] = (byte) c;
        }
    }

    /** A string without its tag: class, enum constant and codec names. */
    private void rawString(String s) {
        int start = size;
        string(s);
        if (out[start] != LATIN1) {
            throw new DataCloneException("$", "the name " + s + " must be Latin-1");
        }
        System.arraycopy(out, start + 1, out, start, size - start - 1);
        size--;
    }

    private void bytes(byte[] bytes) {
        varlong(bytes.length);
        raw(bytes, 0, bytes.length);
    }

    private void raw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, out, size, length);
        size += length;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private void varlong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            out[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[size++] = (byte) v;
    }

    private void fixed(long v, int width) {
        ensure(width);
        for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
            out[size++] = (byte) (v >>> shift);
        }
    }

    private void put(int b) {
        ensure(1);
        out[size++] = (byte) b;
    }

    private void ensure(long more) {
        if (size + more > out.length) {
            long wanted = Math.max(out.length * 2L, size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new DataCloneException("$", "the encoding would exceed 2 GiB");
            }
            out = Arrays.copyOf(out, (int) wanted);
        }
    }
}
