package dev.loop.value;

import java.util.Objects;

/**
 * Structured values as bytes: the compact, versioned binary form that process IPC sends. It
 * encodes exactly the values {@link StructuredClone} copies, with shared references and cycles
 * preserved, except buffers that cannot leave the process: a {@link dev.loop.value.shared.SharedBuffer}
 * of this process only and other {@link Transferable}s are refused; an {@link ArrayBuffer} is
 * written as its bytes. A SharedBuffer backed by a shared file ({@code SharedBuffer.file()}) is
 * written through loop-process's codec as that file, which the receiver maps.
 *
 * <p><b>Format, version 1.</b> Two magic bytes {@code 'L' 'V'}, a version byte, then one value. A
 * value is a tag byte and its payload. Integers are LEB128 varints, signed ones zigzag-coded;
 * floating-point numbers are their IEEE bits, big-endian. Strings are Latin-1 bytes when every char
 * fits, UTF-16 chars otherwise, so any Java string, lone surrogates included, comes back equal.
 * Class names (records, enums, typed arrays) are written once and then referred to by number.
 * Every container, record, array, buffer and codec value gets the next id as it starts, and a
 * second reference to it is written as {@code REF id}.
 *
 * <p><b>Any bytes.</b> Decoding survives whatever a peer sends: for any bytes, {@code decode}
 * returns a value or throws a {@link DataCloneException} (unless a record constructor or codec it
 * runs throws an {@link Error}), in time and memory linear in their length. It refuses a newer
 * version; it checks every count and length against the bytes left after those that the
 * containers around it still need, before it allocates; it refuses nesting deeper than the limit
 * ({@link StructuredClone#maxDepth()}, or the {@code maxDepth} argument) instead of overflowing
 * the stack, whose size does not matter as it does not recurse; and it applies the
 * {@linkplain StructuredClone key rule} to every map key and set element before hashing it, so a
 * cyclic or self-multiplying key is an error, not an endless hash, and refuses a map or set with
 * more than 256 keys of one hash code, which Java's hash maps compare one by one. {@code encode}
 * refuses what {@code decode} would refuse. One check is the decoder's alone: hashing and
 * comparing keys may cost at most 64 steps per input byte (a step is a record, a component, 8
 * chars or 64 bits), which only bytes built to burn time exceed, by making many maps compare long
 * strings or hash big numbers of one shared record.
 *
 * <p><b>Decoding runs constructors.</b> Records are rebuilt through their canonical constructor
 * and enums by name, using the class loader given to {@link #decode(byte[], ClassLoader)}; no other
 * class is ever instantiated, and Java serialization is never used. Decode only bytes from a peer
 * you trust to name your record classes.
 *
 * <p>Any thread may call these methods.
 */
public final class ValueEncoding {

    /** The format version this code writes and the newest it reads. */
    public static final int VERSION = 1;

    static final byte MAGIC_0 = 'L';
    static final byte MAGIC_1 = 'V';

    static final int NULL = 0;
    static final int FALSE = 1;
    static final int TRUE = 2;
    static final int INT = 3;
    static final int LONG = 4;
    static final int DOUBLE = 5;
    static final int FLOAT = 6;
    static final int SHORT = 7;
    static final int BYTE = 8;
    static final int CHAR = 9;
    static final int LATIN1 = 10;
    static final int UTF16 = 11;
    static final int BIG_INTEGER = 12;
    static final int BIG_DECIMAL = 13;
    static final int INSTANT = 14;
    static final int DURATION = 15;
    static final int ENUM = 16;
    static final int PRIMITIVE_ARRAY = 17;
    static final int OBJECT_ARRAY = 18;
    static final int LIST = 19;
    static final int MAP = 20;
    static final int SET = 21;
    static final int RECORD = 22;
    static final int CODEC = 23;
    static final int ARRAY_BUFFER = 24;
    static final int REF = 25;

    private ValueEncoding() {
    }

    /**
     * The bytes of a structured value, which may nest at most {@link StructuredClone#maxDepth()}
     * levels.
     *
     * @param value the value
     * @return its encoding, version {@link #VERSION}
     * @throws DataCloneException if some part of it cannot be encoded, a map key or set element
     *     breaks the {@linkplain StructuredClone key rule}, or it nests too deep; the message names
     *     the path
     */
    public static byte[] encode(Object value) {
        return encode(value, StructuredClone.maxDepth());
    }

    /**
     * The bytes of a structured value, which may nest at most {@code maxDepth} levels: the limit
     * of the side that will decode them, to fail here rather than there.
     *
     * @param value the value
     * @param maxDepth how many levels of lists, maps, sets, arrays, records and codec values may
     *     nest, at least 1
     * @return its encoding, version {@link #VERSION}
     * @throws DataCloneException as {@link #encode(Object)}
     * @throws IllegalArgumentException if {@code maxDepth} is less than 1
     */
    public static byte[] encode(Object value, int maxDepth) {
        return ValueWriter.forThread(StructuredClone.checkMaxDepth(maxDepth), WRITERS).encode(value);
    }

    /** Each thread's encoder, reused (see {@code ValueWriter.forThread}). */
    private static final ThreadLocal<ValueWriter> WRITERS = new ThreadLocal<>();

    /**
     * The value encoded in {@code bytes}, with record and enum classes loaded by the thread's
     * context class loader (or this module's, if there is none), nested at most
     * {@link StructuredClone#maxDepth()} levels.
     *
     * @param bytes what {@link #encode} produced, or any bytes at all
     * @return the value
     * @throws DataCloneException if the bytes are malformed, from a newer version, nest too deep,
     *     hold a map key or set element that breaks the {@linkplain StructuredClone key rule}, or
     *     name a class that cannot be loaded or is not a record or enum
     */
    public static Object decode(byte[] bytes) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return decode(bytes, loader != null ? loader : ValueEncoding.class.getClassLoader());
    }

    /**
     * The value encoded in {@code bytes}, with record and enum classes loaded by {@code loader},
     * nested at most {@link StructuredClone#maxDepth()} levels.
     *
     * @param bytes what {@link #encode} produced, or any bytes at all
     * @param loader where record and enum classes come from
     * @return the value
     * @throws DataCloneException as {@link #decode(byte[])}
     */
    public static Object decode(byte[] bytes, ClassLoader loader) {
        return decode(bytes, loader, StructuredClone.maxDepth());
    }

    /**
     * The value encoded in {@code bytes}, with record and enum classes loaded by {@code loader},
     * nested at most {@code maxDepth} levels: a limit for bytes from one peer, in place of the
     * process's {@link StructuredClone#maxDepth()}.
     *
     * @param bytes what {@link #encode} produced, or any bytes at all
     * @param loader where record and enum classes come from
     * @param maxDepth how many levels of lists, maps, sets, arrays, records and codec values may
     *     nest, at least 1
     * @return the value
     * @throws DataCloneException as {@link #decode(byte[])}
     * @throws IllegalArgumentException if {@code maxDepth} is less than 1
     */
    public static Object decode(byte[] bytes, ClassLoader loader, int maxDepth) {
        Objects.requireNonNull(bytes, "bytes");
        return new ValueReader(bytes, loader, StructuredClone.checkMaxDepth(maxDepth)).read();
    }
}
