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

/**
 * One decoding by {@link ValueEncoding#decode}: a cursor over the bytes, the id tables, and the
 * stack of containers being filled.
 */
final class ValueReader {

    /*
     * Implementation overview
     *
     * The bytes may come from another process, so the decoder survives any bytes: it returns a
     * value or throws a DataCloneException, in time and memory linear in the input.
     *
     * No recursion. The lists, maps, sets, arrays, records and codec values being filled are
     * frames on an explicit FrameStack. walk() is one loop: it reads a value; a
     * scalar (or a reference, or a container with no parts) is complete and goes to the top frame,
     * which closes when it has all its parts and goes to the frame below in turn; a container
     * with parts opens a frame, and the loop reads its first part. The Java stack stays a few
     * frames deep whatever the nesting, so a small thread stack is enough; a frame that would
     * open level maxDepth + 1 is refused.
     *
     * Every allocation is paid for by input bytes. Each part of an open frame needs at least one
     * byte (its tag), and `owed` counts the parts the open frames still expect, beyond the one
     * being read. A count or length must fit in the bytes left after those (available()), so the
     * sizes of all open containers together never exceed the input, however they nest: a list of
     * lists that each claim all the bytes left is refused at the second claim, before it
     * allocates. Each turn of the loop reads at least one tag byte or closes a frame that a tag
     * opened, so the loop runs at most twice per byte.
     *
     * No work for paths until an error: the path is made from the stack when a DataCloneException
     * passes through read() (ValuePath), truncated in the middle when deep.
     *
     * Map keys and set elements pass KeyRule before they are hashed: no list, map, set or array
     * (a cyclic one hashed forever, one that holds a sub-list twice per level exponentially long),
     * at most 64 records; and at most 256 keys of one map share a hash code (HashMap compares
     * colliding keys one by one unless they are Comparable). What is left is paid for by bytes:
     * a key may be a record written once and referred to from many maps, and hashing it again
     * costs its big numbers' length (BigInteger does not cache its hash), comparing it with a key
     * of the same hash code its strings' length. KeyRule weighs each key as it checks it, and
     * checkKey charges its hash plus one comparison per key of the same hash code in its map to
     * a budget of 64 steps per input byte (a step is a record, a component, 8 chars or 64 bits).
     * Keys that do not collide cost almost nothing, so only bytes built to burn time reach it.
     *
     * Only DataCloneException leaves read(): a RuntimeException (a number out of range for its
     * type, and the like) becomes one with the path, and so does a LinkageError (a class the bytes
     * name that fails to load, link or initialize). Errors from the code that decoding runs,
     * records' canonical constructors and codecs' fromStructured, are theirs and pass through.
     *
     * Not bounded here: loading the classes the bytes name (once per class and JVM), and the
     * constructors and codecs that decoding runs.
     *
     * Tests: CraftedInputsTest (one input per past failure), DecoderFuzzProperties (random and
     * mutated inputs on a thread with a small stack, each within a time bound), NestingLimitTest,
     * KeyRuleTest.
     */

    /** Stands in the id table for a record or codec value whose parts are still being read. */
    private static final Object UNDER_CONSTRUCTION = new Object();

    /** What {@link #value} returns when it opened a frame instead of completing a value. */
    private static final Object OPENED = FrameStack.OPENED;

    private final byte[] in;
    private final ClassLoader loader;
    private int position;
    /** The most entries a map or set is sized for before its entries are read. */
    private static final int PRESIZE_LIMIT = 1024;

    private final List<Object> byId = new ArrayList<>();
    private final List<Class<?>> classes = new ArrayList<>();
    private final FrameStack<Frame> frames;
    /** Parts the open frames still expect, beyond the one being read: bytes that are spoken for. */
    private long owed;
    /** What hashing and comparing keys has cost so far, in KeyRule.Weight steps, and may cost. */
    private long keySteps;
    private final long keyBudget;

    /** The key steps that each byte of input pays for; the first {@link #FREE_KEY_STEPS} are free. */
    static final int KEY_STEPS_PER_BYTE = 64;
    static final int FREE_KEY_STEPS = 1 << 16;

    /** A container, record or codec value being filled: the parts it expects, and where they go. */
    private static final class Frame extends FrameStack.Frame {
        /** The tag: LIST, SET, MAP, OBJECT_ARRAY, RECORD or CODEC. */
        int kind;
        int id;
        /** The list, set, map or array; RECORD: the components. */
        Object into;
        /** MAP: the key of the entry whose value is being read. */
        Object key;
        /** MAP, SET of more than one key: how many keys share each hash code. */
        KeyRule.HashCounts hashes;
        RecordShape shape;
        ValueCodec<?> codec;
        String codecName;
        /** CODEC: the structured form, once read. */
        Object structured;

        String segment() {
            return switch (kind) {
                case LIST, OBJECT_ARRAY -> ValuePath.index(index);
                case SET -> ValuePath.element(index);
                case MAP -> index % 2 == 0 ? ValuePath.key(index / 2) : ValuePath.value(key, index / 2);
                case RECORD -> ValuePath.component(shape.names[index]);
                default -> ValuePath.codec(codecName);
            };
        }
    }

    ValueReader(byte[] in, ClassLoader loader, int maxDepth) {
        this.in = in;
        this.loader = loader;
        this.frames = new FrameStack<>(maxDepth, Frame::new);
        this.keyBudget = FREE_KEY_STEPS + (long) KEY_STEPS_PER_BYTE * in.length;
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
            value = walk();
        } catch (DataCloneException e) {
            throw e.inside(path());
        } catch (RuntimeException e) { // a number out of range for its type, and the like
            throw malformed(e.toString(), e).inside(path());
        } catch (LinkageError e) { // a class named in the bytes failed to load, link or initialize
            throw new DataCloneException("$", "a class these bytes name cannot be used on this side: " + e
                    + "; both sides need the same classes", e).inside(path());
        }
        if (position != in.length) {
            throw malformed((in.length - position) + " bytes are left after the value");
        }
        return value;
    }

    private String path() {
        return ValuePath.of(frames.depth(), level -> frames.at(level).segment());
    }

    private Object walk() {
        return frames.walk(value(), steps);
    }

    /** The walk's steps for a decode. */
    private final FrameStack.Steps<Frame> steps = new FrameStack.Steps<>() {
        @Override
        public void accept(Frame frame, Object part) {
            ValueReader.this.accept(frame, part);
        }

        @Override
        public Object close(Frame frame) {
            return ValueReader.this.close(frame);
        }

        @Override
        public Object next(Frame frame) {
            owed--; // this part's bytes were spoken for; now they are being read
            return value();
        }
    };

    /** Reads a value: a complete one, or the header of one with parts, for which it opens a frame. */
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
            case LIST -> {
                int id = reserve();
                int n = count(1);
                yield push(frame(LIST, id, n, fill(id, new ArrayList<>(n))));
            }
            case MAP -> {
                int id = reserve();
                int n = count(2);
                // Sized for n (bounded: n comes from the bytes, and count() only checked it against their length).
                yield push(frame(MAP, id, 2 * n, fill(id, LinkedHashMap.newLinkedHashMap(Math.min(n, PRESIZE_LIMIT)))));
            }
            case SET -> {
                int id = reserve();
                int n = count(1);
                yield push(frame(SET, id, n, fill(id, LinkedHashSet.newLinkedHashSet(Math.min(n, PRESIZE_LIMIT)))));
            }
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
                    throw malformed("reference to id " + id + " while it is being built (a cycle through a record"
                            + " or codec value)");
                }
                yield target;
            }
            default -> throw malformed("unknown tag " + tag + " at byte " + (position - 1));
        };
    }

    /**
     * The frame for a value of {@code count} parts, whose bytes {@link #count} has checked, ready
     * for the caller to complete and {@link #push}.
     */
    private Frame frame(int kind, int id, int count, Object into) {
        Frame frame = frames.next(count);
        frame.kind = kind;
        frame.id = id;
        frame.into = into;
        frame.key = null;
        frame.hashes = kind == MAP && count > 2 || kind == SET && count > 1 ? new KeyRule.HashCounts() : null;
        frame.shape = null;
        frame.codec = null;
        frame.codecName = null;
        frame.structured = null;
        return frame;
    }

    /** Opens {@code frame}, whose parts are read next; a value of no parts is complete at once. */
    private Object push(Frame frame) {
        if (frame.count == 0) {
            return close(frame);
        }
        frames.push();
        owed += frame.count; // each part needs at least its tag byte
        return OPENED;
    }

    @SuppressWarnings("unchecked")
    private void accept(Frame top, Object value) {
        switch (top.kind) {
            case LIST -> ((List<Object>) top.into).add(value);
            case SET -> {
                checkKey(top, value);
                ((Set<Object>) top.into).add(value);
            }
            case MAP -> {
                if (top.index % 2 == 0) {
                    checkKey(top, value);
                    top.key = value;
                } else {
                    ((Map<Object, Object>) top.into).put(top.key, value);
                }
            }
            case OBJECT_ARRAY -> {
                try {
                    Array.set(top.into, top.index, value);
                } catch (IllegalArgumentException e) {
                    throw new DataCloneException("$", "does not fit an array of "
                            + top.into.getClass().getComponentType().getName(), e);
                }
            }
            case RECORD -> ((Object[]) top.into)[top.index] = value;
            default -> top.structured = value;
        }
    }

    /**
     * Refuses a map key or set element that {@link KeyRule} refuses, before it is hashed, and
     * charges what inserting it costs: its hash, and a comparison with each key of this map that
     * shares its hash code.
     */
    private void checkKey(Frame top, Object key) {
        KeyRule.Weight weight = KeyRule.check(key);
        int sameHash = top.hashes == null ? 0 : top.hashes.add(key); // none with one key
        keySteps += weight.hash() + sameHash * weight.compare();
        if (keySteps > keyBudget) {
            throw new DataCloneException("$", "hashing and comparing the map keys and set elements of these bytes"
                    + " would take more than " + KEY_STEPS_PER_BYTE + " steps per byte: keys that share hash codes"
                    + " and hold long strings or big numbers, or records of them shared by many maps, as bytes built"
                    + " to burn time are; if the data is genuine, give its keys a hashCode that tells them apart");
        }
    }

    /** The value a frame stands for, once all its parts are read. */
    private Object close(Frame frame) {
        return switch (frame.kind) {
            case RECORD -> fill(frame.id, frame.shape.build((Object[]) frame.into));
            case CODEC -> {
                try {
                    yield fill(frame.id, frame.codec.fromStructured(frame.structured));
                } catch (RuntimeException e) {
                    throw new DataCloneException("$", "codec " + frame.codecName + " failed to decode: " + e, e);
                }
            }
            default -> frame.into;
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
            throw malformed(type.getName() + " has no constant " + ValuePath.shown(name));
        } catch (LinkageError e) { // its static initializer failed, now or before
            throw new DataCloneException("$", "the enum " + type.getName() + " cannot be initialized on this side: "
                    + RecordShape.describe(e), e);
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
            default -> throw malformed("unknown primitive array kind " + (int) kind);
        };
        return fill(id, array);
    }

    private Object objectArray() {
        int id = reserve();
        Class<?> component = type();
        if (component.isPrimitive()) {
            throw malformed("an object array of " + component);
        }
        int n = count(1);
        return push(frame(OBJECT_ARRAY, id, n, fill(id, Array.newInstance(component, n))));
    }

    private Object record() {
        int id = reserve();
        Class<?> type = type();
        if (!type.isRecord()) {
            throw malformed(type.getName() + " is not a record");
        }
        RecordShape shape = RecordShape.of(type);
        long sent = varlong();
        if (sent != shape.size()) {
            throw malformed(type.getName() + " has " + shape.size() + " components here, but " + sent + " were sent;"
                    + " both sides need the same version of the record");
        }
        int n = count(shape.size(), 1);
        Frame frame = frame(RECORD, id, n, new Object[n]);
        frame.shape = shape;
        return push(frame);
    }

    private Object codec() {
        int id = reserve();
        String name = rawString();
        ValueCodec<?> codec = ValueCodecs.forName(name).orElseThrow(() -> new DataCloneException("$",
                "no ValueCodec named " + ValuePath.shown(name) + " is registered on this side; register it, or leave"
                        + " that type out of what the other side sends"));
        Frame frame = frame(CODEC, id, count(1, 1), null);
        frame.codec = codec;
        frame.codecName = name;
        return push(frame);
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
        } catch (ClassNotFoundException e) {
            throw new DataCloneException("$", "class " + ValuePath.shown(name) + " is not found on this side; both"
                    + " sides need the same classes", e);
        } catch (LinkageError e) {
            throw new DataCloneException("$", "class " + ValuePath.shown(name) + " cannot be loaded on this side: "
                    + e + "; both sides need the same classes", e);
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

    /** The bytes left that no open frame has spoken for. */
    private long available() {
        return in.length - position - owed;
    }

    /**
     * A length of raw items of {@code minBytes} each (chars, bytes, numbers), checked against the
     * bytes available before anything of that size is allocated.
     */
    private int length(int minBytes) {
        return count(varlong(), minBytes);
    }

    /** A count of parts of at least {@code minBytes} each, from the bytes, checked as {@link #length} does. */
    private int count(int minBytes) {
        return count(varlong(), minBytes);
    }

    private int count(long n, int minBytes) {
        if (n < 0 || n > available() / minBytes) { // divides, so a huge n cannot overflow
            throw malformed("a length of " + n + " does not fit the " + available() + " bytes left"
                    + (owed > 0 ? " (of " + (in.length - position) + ", the rest being needed by the containers around it)" : ""));
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

    private static DataCloneException malformed(String detail) {
        return new DataCloneException("$", "malformed encoding: " + detail);
    }

    private static DataCloneException malformed(String detail, Throwable cause) {
        return new DataCloneException("$", "malformed encoding: " + detail, cause);
    }
}
