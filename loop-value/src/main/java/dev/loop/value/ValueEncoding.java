package dev.loop.value;

/**
 * Structured values as bytes: the compact, versioned binary form that process IPC sends. It
 * encodes exactly the values {@link StructuredClone} copies, with shared references and cycles
 * preserved, except buffers that cannot leave the process: {@link dev.loop.value.shared.SharedBuffer}s
 * and other {@link Transferable}s are refused; an {@link ArrayBuffer} is written as its bytes.
 *
 * <p><b>Format, version 1.</b> Two magic bytes {@code 'L' 'V'}, a version byte, then one value. A
 * value is a tag byte and its payload. Integers are LEB128 varints, signed ones zigzag-coded;
 * floating-point numbers are their IEEE bits, big-endian. Strings are Latin-1 bytes when every char
 * fits, UTF-16 chars otherwise, so any Java string, lone surrogates included, comes back equal.
 * Class names (records, enums, typed arrays) are written once and then referred to by number.
 * Every container, record, array, buffer and codec value gets the next id as it starts, and a
 * second reference to it is written as {@code REF id}. A decoder refuses a newer version, and
 * checks every length against the bytes left, so malformed input is a {@link DataCloneException},
 * never a huge allocation.
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
     * The bytes of a structured value.
     *
     * @param value the value
     * @return its encoding, version {@link #VERSION}
     * @throws DataCloneException if some part of it cannot be encoded; the message names the path
     */
    public static byte[] encode(Object value) {
        return new ValueWriter().write(value);
    }

    /**
     * The value encoded in {@code bytes}, with record and enum classes loaded by the thread's
     * context class loader (or this module's, if there is none).
     *
     * @param bytes what {@link #encode} produced
     * @return the value
     * @throws DataCloneException if the bytes are malformed, from a newer version, or name a class
     *     that cannot be loaded or is not a record or enum
     */
    public static Object decode(byte[] bytes) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return decode(bytes, loader != null ? loader : ValueEncoding.class.getClassLoader());
    }

    /**
     * The value encoded in {@code bytes}, with record and enum classes loaded by {@code loader}.
     *
     * @param bytes what {@link #encode} produced
     * @param loader where record and enum classes come from
     * @return the value
     * @throws DataCloneException as {@link #decode(byte[])}
     */
    public static Object decode(byte[] bytes, ClassLoader loader) {
        return new ValueReader(bytes, loader).read();
    }
}
