package dev.loop.value;

import static dev.loop.value.ValueEncoding.*;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One decoding by {@link ValueEncoding#decode}: a cursor over the bytes and the id tables. */
final class ValueReader {

    /** Stands in the id table for a record or codec value whose parts are still being read. */
    private static final Object UNDER_CONSTRUCTION = new Object();

    private final byte[] in;
    private final ClassLoader loader;
    private int position;
    private final List<Object> byId = new ArrayList<>();
    private final List<Class<?>> classes = new ArrayList<>();

    ValueReader(byte[] in, ClassLoader loader) {
        this.in = in;
        this.loader = loader;
    }

    Object read() {
        if (in.length < 3 || in[0] != MAGIC_0 || in[1] != MAGIC_1) {
            throw malformed("these bytes are not an encoded structured value (no 'LV' header)");
        }
        int version = in[2] & 0xFF;
        if (version > VERSION) {
            throw malformed("encoded with format version " + version + "; this code reads versions up to " + VERSION
                    + ", so update loop on this side");
        }
        position = 3;
        Object value;
        try {
            value = value();
        } catch (DataCloneException e) {
            throw e;
        } catch (RuntimeException e) { // a number out of range for its type, and the like
            throw malformed(e.toString());
        }
        if (position != in.length) {
            throw malformed((in.length - position) + " bytes are left after the value");
        }
        return value;
    }

    private Object value() {
        int tag = u8();
        return switch (tag) {
            case NULL -> null;
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case INT -> (int) unzigzag(varlong());
            case LONG -> unzigzag(varlong());
            case DOUBLE -> Double.longBitsToDouble(fixed(8));
            case FLOAT -> Float.intBitsToFloat((int) fixed(4));
            case SHORT -> (short) unzigzag(varlong());
            case BYTE -> (byte) u8();
            case CHAR -> (char) varlong();
            case LATIN1, UTF16 -> string(tag == UTF16);
            case BIG_INTEGER -> bigInteger();
            case BIG_DECIMAL -> {
                int scale = (int) unzigzag(varlong());
                yield new BigDecimal(bigInteger(), scale);
            }
            case INSTANT -> Instant.ofEpochSecond(unzigzag(varlong()), varlong());
            case DURATION -> Duration.ofSeconds(unzigzag(varlong()), varlong());
            case ENUM -> enumConstant();
            case PRIMITIVE_ARRAY -> primitiveArray();
            case OBJECT_ARRAY -> objectArray();
            case LIST -> list();
            case MAP -> map();
            case SET -> set();
            case RECORD -> record();
            case CODEC -> codec();
            case ARRAY_BUFFER -> {
                int id = reserve();
                byte[] bytes = raw(length(1));
                yield fill(id, ArrayBuffer.own(bytes));
            }
            case REF -> {
                long id = varlong();
                if (id < 0 || id >= byId.size()) {
                    throw malformed("reference to id " + id + ", of " + byId.size() + " so far");
                }
                Object target = byId.get((int) id);
                if (target == UNDER_CONSTRUCTION) {
                    throw malformed("reference to id " + id + " while it is being built (a cycle through a record)");
                }
                yield target;
            }
            default -> throw malformed("unknown tag " + tag + " at byte " + (position - 1));
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object enumConstant() {
        Class<?> type = type();
        String name = rawString();
        if (!type.isEnum()) {
            throw malformed(type.getName() + " is not an enum");
        }
        try {
            return Enum.valueOf((Class) type, name);
        } catch (IllegalArgumentException e) {
            throw malformed(type.getName() + " has no constant " + name);
        }
    }

    private Object primitiveArray() {
        int id = reserve();
        char kind = (char) u8();
        Object array = switch (kind) {
            case 'B' -> raw(length(1));
            case 'S' -> {
                short[] a = new short[length(2)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (short) fixed(2);
                }
                yield a;
            }
            case 'I' -> {
                int[] a = new int[length(4)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (int) fixed(4);
                }
                yield a;
            }
            case 'J' -> {
                long[] a = new long[length(8)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = fixed(8);
                }
                yield a;
            }
            case 'F' -> {
                float[] a = new float[length(4)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Float.intBitsToFloat((int) fixed(4));
                }
                yield a;
            }
            case 'D' -> {
                double[] a = new double[length(8)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Double.longBitsToDouble(fixed(8));
                }
                yield a;
            }
            case 'C' -> {
                char[] a = new char[length(2)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (char) fixed(2);
                }
                yield a;
            }
            case 'Z' -> {
                boolean[] a = new boolean[length(1)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = u8() != 0;
                }
                yield a;
            }
            default -> throw malformed("unknown primitive array kind " + kind);
        };
        return fill(id, array);
    }

    private Object objectArray() {
        int id = reserve();
        Class<?> component = type();
        if (component.isPrimitive()) {
            throw malformed("an object array of " + component);
        }
        Object array = Array.newInstance(component, length(1));
        fill(id, array);
        for (int i = 0, n = Array.getLength(array); i < n; i++) {
            Object element = element("[" + i + "]");
            try {
                Array.set(array, i, element);
            } catch (IllegalArgumentException e) {
                throw new DataCloneException("$[" + i + "]", "does not fit an array of " + component.getName(), e);
            }
        }
        return array;
    }

    private Object list() {
        int id = reserve();
        int n = length(1);
        List<Object> list = new ArrayList<>(n);
        fill(id, list);
        for (int i = 0; i < n; i++) {
            list.add(element("[" + i + "]"));
        }
        return list;
    }

    private Object map() {
        int id = reserve();
        int n = length(2);
        Map<Object, Object> map = new LinkedHashMap<>();
        fill(id, map);
        for (int i = 0; i < n; i++) {
            Object key = element("{key " + i + "}");
            map.put(key, element(Forms.keySegment(key)));
        }
        return map;
    }

    private Object set() {
        int id = reserve();
        int n = length(1);
        Set<Object> set = new LinkedHashSet<>();
        fill(id, set);
        for (int i = 0; i < n; i++) {
            set.add(element("{" + i + "}"));
        }
        return set;
    }

    private Object record() {
        int id = reserve();
        Class<?> type = type();
        if (!type.isRecord()) {
            throw malformed(type.getName() + " is not a record");
        }
        RecordShape shape = RecordShape.of(type);
        long count = varlong();
        if (count != shape.size()) {
            throw malformed(type.getName() + " has " + shape.size() + " components here, but " + count + " were sent;"
                    + " both sides need the same version of the record");
        }
        Object[] components = new Object[shape.size()];
        for (int i = 0; i < components.length; i++) {
            components[i] = element("." + shape.names[i]);
        }
        return fill(id, shape.build(components));
    }

    private Object codec() {
        int id = reserve();
        String name = rawString();
        ValueCodec<?> codec = ValueCodecs.forName(name).orElseThrow(() -> new DataCloneException("$",
                "no ValueCodec named " + name + " is registered on this side"));
        Object structured = element("(" + name + ")");
        try {
            return fill(id, codec.fromStructured(structured));
        } catch (RuntimeException e) {
            throw new DataCloneException("$", "codec " + name + " failed to decode: " + e, e);
        }
    }

    private Object element(String segment) {
        try {
            return value();
        } catch (DataCloneException e) {
            throw e.inside(segment);
        }
    }

    private int reserve() {
        byId.add(UNDER_CONSTRUCTION);
        return byId.size() - 1;
    }

    private Object fill(int id, Object value) {
        byId.set(id, value);
        return value;
    }

    private Class<?> type() {
        long ref = varlong();
        if (ref > 0) {
            if (ref > classes.size()) {
                throw malformed("class reference " + ref + ", of " + classes.size() + " so far");
            }
            return classes.get((int) ref - 1);
        }
        String name = rawString();
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new DataCloneException("$", "class " + name + " cannot be loaded on this side: " + e, e);
        }
        classes.add(type);
        return type;
    }

    private String string(boolean utf16) {
        int n = length(utf16 ? 2 : 1);
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            chars[i] = utf16 ? (char) ((in[position++] & 0xFF) << 8 | in[position++] & 0xFF) : (char) (in[position++] & 0xFF);
        }
        return new String(chars);
    }

    private String rawString() {
        return string(false);
    }

    private BigInteger bigInteger() {
        byte[] bytes = raw(length(1));
        if (bytes.length == 0) {
            throw malformed("a BigInteger of no bytes");
        }
        return new BigInteger(bytes);
    }

    private byte[] raw(int n) {
        byte[] bytes = new byte[n];
        System.arraycopy(in, position, bytes, 0, n);
        position += n;
        return bytes;
    }

    /** A count of items that take at least {@code minBytes} each, checked against the bytes left. */
    private int length(int minBytes) {
        long n = varlong();
        if (n < 0 || n > (in.length - position) / minBytes) { // divides, so a huge n cannot overflow
            throw malformed("a length of " + n + " does not fit the " + (in.length - position) + " bytes left");
        }
        return (int) n;
    }

    private long varlong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw malformed("a varint longer than 10 bytes");
    }

    private long fixed(int width) {
        if (in.length - position < width) {
            throw malformed("the bytes end inside a number");
        }
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = v << 8 | in[position++] & 0xFF;
        }
        return v;
    }

    private int u8() {
        if (position >= in.length) {
            throw malformed("the bytes end early");
        }
        return in[position++] & 0xFF;
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private DataCloneException malformed(String detail) {
        return new DataCloneException("$", "malformed encoding: " + detail);
    }
}
