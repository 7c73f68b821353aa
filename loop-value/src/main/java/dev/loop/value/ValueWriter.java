package dev.loop.value;

import static dev.loop.value.ValueEncoding.*;

import dev.loop.value.shared.SharedBuffer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One encoding by {@link ValueEncoding#encode}: a growable byte array, the id tables, and the
 * stack of containers being written.
 *
 * <p>No recursion: the lists, maps, sets, arrays, records and codec values being written are
 * frames on an explicit stack, and {@link #write} loops, writing the top frame's next part. A
 * container that would open level {@code maxDepth + 1} is refused; paths are made from the stack
 * only when an error is thrown; map keys and set elements pass {@link KeyRule} before they are
 * written, so nothing is written that the decoder would refuse.
 */
final class ValueWriter {

    private byte[] out = new byte[64];
    private int size;
    /**
     * Containers written so far, for back-references; a small value's few are found without
     * identity hashes (see {@link IdentityTable}).
     */
    private final IdentityTable<Integer> ids = new IdentityTable<>();
    private final HashMap<Class<?>, Integer> classes = new HashMap<>();
    /** Records and codec values being written: meeting one again is a cycle through it. */
    private final IdentityTable<Boolean> building = new IdentityTable<>();
    private final FrameStack<Frame> frames;

    /** A container, record or codec value being written: its parts, and which one is being written. */
    private static final class Frame extends FrameStack.Frame {
        /** The tag: LIST, SET, MAP, OBJECT_ARRAY, RECORD or CODEC. */
        int kind;
        Object source;
        /** LIST, SET, MAP: the source's parts, in order. */
        Iterator<?> parts;
        Map.Entry<?, ?> entry;
        RecordShape shape;
        /** CODEC: the codec's form of the value. */
        Forms.CodecForm form;
        /** SET, MAP with many parts: how many keys share each hash code. */
        KeyRule.HashCounts hashes;

        String segment() {
            return switch (kind) {
                case LIST, OBJECT_ARRAY -> ValuePath.index(index);
                case SET -> ValuePath.element(index);
                case MAP -> index % 2 == 0 ? ValuePath.key(index / 2) : ValuePath.value(entry.getKey(), index / 2);
                case RECORD -> ValuePath.component(shape.names[index]);
                default -> ValuePath.codec(form.codec().name());
            };
        }
    }

    /** A larger output buffer than this is not kept for the next value. */
    private static final int KEPT_BUFFER = 64 * 1024;

    private final int maxDepth;
    /** A value is being written: a codec or accessor that encodes another meanwhile gets a writer of its own. */
    private boolean busy;

    ValueWriter(int maxDepth) {
        this.maxDepth = maxDepth;
        this.frames = new FrameStack<>(maxDepth, Frame::new);
    }

    /**
     * The calling thread's writer for {@code maxDepth}, reused from value to value (an encoder's
     * maps and frames cost more to make than a small value costs to write), or a new one when that
     * one is busy (an encode inside an encode).
     */
    static ValueWriter forThread(int maxDepth, ThreadLocal<ValueWriter> cache) {
        ValueWriter writer = cache.get();
        if (writer != null && !writer.busy && writer.maxDepth == maxDepth) {
            return writer;
        }
        ValueWriter fresh = new ValueWriter(maxDepth);
        if (writer == null || !writer.busy) {
            cache.set(fresh);
        }
        return fresh;
    }

    /** Writes {@code value}, then leaves this writer ready for the next, whether or not it threw. */
    byte[] encode(Object value) {
        busy = true;
        try {
            return write(value);
        } finally {
            size = 0;
            ids.clear();
            clearIfUsed(classes);
            building.clear();
            frames.clear(frame -> {
                frame.source = null;
                frame.parts = null;
                frame.entry = null;
                frame.form = null;
                frame.hashes = null;
            });
            if (out.length > KEPT_BUFFER) {
                out = new byte[64];
            }
            busy = false;
        }
    }

    private static void clearIfUsed(java.util.Map<?, ?> map) {
        if (!map.isEmpty()) {
            map.clear();
        }
    }

    byte[] write(Object value) {
        put(MAGIC_0);
        put(MAGIC_1);
        put(VERSION);
        try {
            value(value);
            while (frames.depth() > 0) {
                Frame top = frames.top();
                if (top.index + 1 < top.count) {
                    top.index++;
                    value(nextPart(top));
                } else {
                    frames.pop();
                    building.remove(top.source); // a record or codec value is done; others were never there
                }
            }
        } catch (DataCloneException e) {
            throw e.inside(ValuePath.of(frames.depth(), level -> frames.at(level).segment()));
        }
        return Arrays.copyOf(out, size);
    }

    /** The top frame's part {@code top.index}, checked by {@link KeyRule} if it is a key. */
    private static Object nextPart(Frame top) {
        return switch (top.kind) {
            case LIST -> top.parts.next();
            case SET -> {
                Object element = top.parts.next();
                checkKey(top, element);
                yield element;
            }
            case MAP -> {
                if (top.index % 2 == 0) {
                    top.entry = (Map.Entry<?, ?>) top.parts.next();
                    checkKey(top, top.entry.getKey());
                    yield top.entry.getKey();
                }
                yield top.entry.getValue();
            }
            case OBJECT_ARRAY -> ((Object[]) top.source)[top.index];
            case RECORD -> top.shape.component((Record) top.source, top.index);
            default -> top.form.structured();
        };
    }

    /** Refuses a map key or set element that {@link KeyRule} refuses, as the decoder would. */
    private static void checkKey(Frame top, Object key) {
        KeyRule.check(key);
        if (top.hashes != null) {
            top.hashes.add(key);
        }
    }

    /**
     * Opens a frame for a value whose parts follow, after its tag and header are written (an
     * error in those belongs to the path of the value itself, not of a part).
     */
    private Frame open(int kind, Object source, int count) {
        Frame frame = frames.next(count);
        frame.kind = kind;
        frame.source = source;
        frame.parts = null;
        frame.entry = null;
        frame.shape = null;
        frame.form = null;
        frame.hashes = kind == MAP ? KeyRule.HashCounts.forSize(count / 2)
                : kind == SET ? KeyRule.HashCounts.forSize(count) : null;
        frames.push();
        return frame;
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
                open(OBJECT_ARRAY, a, a.length);
            }
            case List<?> list -> {
                put(LIST);
                varlong(list.size());
                open(LIST, list, list.size()).parts = list.iterator();
            }
            case Map<?, ?> map -> {
                put(MAP);
                varlong(map.size());
                open(MAP, map, 2 * map.size()).parts = map.entrySet().iterator();
            }
            case Set<?> set -> {
                put(SET);
                varlong(set.size());
                open(SET, set, set.size()).parts = set.iterator();
            }
            case Record record -> {
                RecordShape shape = RecordShape.of(record.getClass());
                put(RECORD);
                type(record.getClass());
                varlong(shape.size());
                open(RECORD, record, shape.size()).shape = shape;
                building.put(record, Boolean.TRUE);
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
            case SharedBuffer shared when shared.file().isPresent() -> codec(value); // loop-process's codec maps the file
            case SharedBuffer shared -> throw new DataCloneException("$", "this SharedBuffer is memory of this process"
                    + " only and cannot be encoded as bytes; make it with Processes.sharedBuffer(byteLength) to share it"
                    + " with forked children");
            case Transferable t -> throw new DataCloneException("$", t + " can only be transferred between threads of"
                    + " one process, not encoded as bytes");
            default -> codec(value);
        }
    }

    private void codec(Object value) {
        Forms.CodecForm form = Forms.encodeWithCodec(value);
        put(CODEC);
        rawString(form.codec().name());
        open(CODEC, value, 1).form = form;
        building.put(value, Boolean.TRUE);
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
