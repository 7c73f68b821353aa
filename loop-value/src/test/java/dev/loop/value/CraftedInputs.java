package dev.loop.value;

import static dev.loop.value.ValueEncoding.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inputs crafted to break a decoder, from issue 11, built by hand from the format that
 * {@link ValueEncoding} documents. {@link CraftedInputsTest} checks what each gives now, and
 * {@link DecoderFuzzProperties} mutates {@linkplain #seeds() small versions} of them.
 */
final class CraftedInputs {

    /** A record for inputs that need one: the bytes name it, so it must be loadable here. */
    record Pair(Object left, Object right) { }

    /** Mutually recursive record types: looking at one used to recurse into the other forever. */
    record Ping(Pong pong) { }

    /** See {@link Ping}. */
    record Pong(Ping ping) { }

    /** An enum that cannot be initialized: decoding a constant of it must not throw an Error. */
    enum Broken {
        A;

        static {
            failInitialization();
        }

        private static void failInitialization() {
            throw new IllegalStateException("this enum cannot be initialized (on purpose)");
        }
    }

    private CraftedInputs() {
    }

    /** A map whose key is a list holding a list that holds the first: hashing the key recursed forever. */
    static byte[] cyclicMapKey() {
        return new byte[] {'L', 'V', 1, MAP, 1, LIST, 1, LIST, 1, REF, 1, NULL};
    }

    /** A set of one list that holds a list holding both: hashing the element recursed forever. */
    static byte[] cyclicSetElement() {
        return new byte[] {'L', 'V', 1, SET, 1, LIST, 1, LIST, 2, REF, 1, REF, 2};
    }

    /** Lists nested {@code depth} deep around a null: the recursive decoder overflowed its stack. */
    static byte[] nestedLists(int depth) {
        Bytes b = new Bytes();
        for (int i = 0; i < depth; i++) {
            b.tag(LIST).varint(1);
        }
        return b.tag(NULL).bytes();
    }

    /**
     * A map whose key is a list of two references to one list, which holds two references to
     * another, {@code levels} deep: about 4 bytes a level, and printing the key for its path
     * segment built a string of 6 * 2^levels chars (out of memory for 28 levels, 120 bytes).
     */
    static byte[] keyPrintedExponentially(int levels) {
        Bytes b = new Bytes().tag(MAP).varint(1);
        doublingLists(b, levels, 1);
        return b.tag(NULL).bytes();
    }

    /**
     * A set whose element is the doubling list of {@link #keyPrintedExponentially}: hashing it took
     * 2^levels steps (40 levels, 167 bytes: hours).
     */
    static byte[] elementHashedExponentially(int levels) {
        Bytes b = new Bytes().tag(SET).varint(1);
        doublingLists(b, levels, 1);
        return b.bytes();
    }

    /** Writes {@code [x, x]} with x the same for the next level, down to an empty list; ids from {@code id}. */
    private static void doublingLists(Bytes b, int levels, int id) {
        for (int i = 0; i < levels; i++) {
            b.tag(LIST).varint(2);
        }
        b.tag(LIST).varint(0);
        for (int i = levels - 1; i >= 0; i--) {
            b.tag(REF).varint(id + i + 1); // the second element: the list the first one was
        }
    }

    /**
     * A set whose element is {@code Pair(p, p)} with p the same for the next level, {@code levels}
     * deep: records are allowed in keys, but this one hashes in 2^levels steps.
     */
    static byte[] recordElementHashedExponentially(int levels) {
        Bytes b = new Bytes().tag(SET).varint(1);
        for (int i = 0; i < levels; i++) {
            b.tag(RECORD);
            if (i == 0) {
                b.varint(0).name(Pair.class.getName());
            } else {
                b.varint(1);
            }
            b.varint(2);
        }
        b.tag(NULL).tag(NULL); // the innermost Pair(null, null)
        for (int i = levels - 2; i >= 0; i--) {
            b.tag(REF).varint(i + 2); // set 0, records 1..levels: the right part is the left one
        }
        return b.bytes();
    }

    /**
     * {@code maps} maps that each map one record, holding a string of {@code chars} chars, to
     * their index: the record is written once and referred to after. Building each entry's path
     * segment printed the record, so decoding took maps * chars steps (310 KB: 13 s). A valid
     * encoding: {@link ValueEncoding#encode} writes these bytes for {@link #sharedKeyValue}.
     */
    static byte[] sharedKeyInManyMaps(int maps, int chars) {
        Bytes b = new Bytes().tag(LIST).varint(maps);
        b.tag(MAP).varint(1).tag(RECORD).varint(0).name(Pair.class.getName()).varint(2);
        b.tag(LATIN1).name("k".repeat(chars)).tag(NULL).tag(INT).varint(0);
        for (int i = 1; i < maps; i++) {
            b.tag(MAP).varint(1).tag(REF).varint(2).tag(INT).varint(2L * i); // zigzag
        }
        return b.bytes();
    }

    /** The value that {@link #sharedKeyInManyMaps} encodes. */
    static java.util.List<Object> sharedKeyValue(int maps, int chars) {
        Pair key = new Pair("k".repeat(chars), null);
        java.util.List<Object> list = new java.util.ArrayList<>();
        for (int i = 0; i < maps; i++) {
            Map<Object, Object> map = new LinkedHashMap<>();
            map.put(key, i);
            list.add(map);
        }
        return list;
    }

    /**
     * Lists nested {@code depth} deep, each claiming nearly all the bytes left as its size, then
     * {@code padding} nulls: every level preallocated a list that size, depth * padding slots.
     */
    static byte[] nestedCountsClaimingTheSameBytes(int depth, int padding) {
        Bytes b = new Bytes();
        for (int i = 0; i < depth; i++) {
            b.tag(LIST).varint(padding + 1L);
        }
        for (int i = 0; i < padding; i++) {
            b.tag(NULL);
        }
        return b.bytes();
    }

    /**
     * A map of {@code n} keys {@code Pair(s, null)} that all share one hash code: each s is a
     * different string of 15 blocks "Aa" or "BB", which hash alike. HashMap compares such keys one
     * by one, as records are not Comparable: n^2/2 record comparisons (20,000 keys, 740 KB).
     */
    static byte[] keysSharingOneHashCode(int n) {
        Bytes b = new Bytes().tag(MAP).varint(n);
        for (int i = 0; i < n; i++) {
            b.tag(RECORD);
            if (i == 0) {
                b.varint(0).name(Pair.class.getName());
            } else {
                b.varint(1);
            }
            StringBuilder s = new StringBuilder();
            for (int block = 0; block < 15; block++) {
                s.append((i >>> block & 1) == 0 ? "Aa" : "BB");
            }
            b.varint(2).tag(LATIN1).name(s.toString()).tag(NULL).tag(NULL);
        }
        return b.bytes();
    }

    /**
     * {@code maps} maps of two keys, {@code Pair("Aa", a)} and {@code Pair("BB", b)}, which share a
     * hash code; a and b are two records, written once and referred to after, each holding its own
     * copy of one string of {@code chars} chars. Each map compares its two keys, so a with b (a
     * record compares its last component first), so the two strings: maps * chars steps for about
     * 2 * chars + 24 * maps bytes.
     */
    static byte[] equalLeavesComparedInEveryMap(int maps, int chars) {
        String text = "x".repeat(chars);
        Bytes b = new Bytes().tag(LIST).varint(maps + 2); // list 0, a 1, b 2, then the maps
        b.tag(RECORD).varint(0).name(Pair.class.getName()).varint(2).tag(LATIN1).name(text).tag(NULL);
        b.tag(RECORD).varint(1).varint(2).tag(LATIN1).name(text).tag(NULL);
        for (int i = 0; i < maps; i++) {
            b.tag(MAP).varint(2);
            b.tag(RECORD).varint(1).varint(2).tag(LATIN1).name("Aa").tag(REF).varint(1).tag(NULL); // key, value
            b.tag(RECORD).varint(1).varint(2).tag(LATIN1).name("BB").tag(REF).varint(2).tag(NULL);
        }
        return b.bytes();
    }

    /**
     * A record {@code Pair(n, null)} with n a BigInteger of {@code bytes} bytes, written once, then
     * {@code maps} maps that each have it as their only key: BigInteger does not cache its hash, so
     * each map hashes all of n, maps * bytes steps for about bytes + 6 * maps bytes.
     */
    static byte[] bigNumberKeyInManyMaps(int maps, int bytes) {
        byte[] magnitude = new byte[bytes];
        java.util.Arrays.fill(magnitude, (byte) 0x35);
        Bytes b = new Bytes().tag(LIST).varint(maps + 1); // list 0, the record 1, then the maps
        b.tag(RECORD).varint(0).name(Pair.class.getName()).varint(2).tag(BIG_INTEGER).varint(bytes).raw(magnitude);
        b.tag(NULL);
        for (int i = 0; i < maps; i++) {
            b.tag(MAP).varint(1).tag(REF).varint(1).tag(NULL);
        }
        return b.bytes();
    }

    /** A list claiming 2^62 elements in 13 bytes. */
    static byte[] hugeCount() {
        return new Bytes().tag(LIST).varint(1L << 62).bytes();
    }

    /** {@code Ping(Pong(null))}. */
    static byte[] mutuallyRecursiveRecords() {
        return new Bytes().tag(RECORD).varint(0).name(Ping.class.getName()).varint(1)
                .tag(RECORD).varint(0).name(Pong.class.getName()).varint(1).tag(NULL).bytes();
    }

    /** The constant {@code Broken.A}, whose class fails to initialize. */
    static byte[] enumThatCannotInitialize() {
        return new Bytes().tag(ENUM).varint(0).name(Broken.class.getName()).name("A").bytes();
    }

    /**
     * Every input above, small enough for the fuzzer to mutate thousands of times (the tests use
     * them at the sizes the issue names).
     */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("cyclicMapKey", cyclicMapKey());
        seeds.put("cyclicSetElement", cyclicSetElement());
        seeds.put("nestedLists(1100)", nestedLists(1_100));
        seeds.put("keyPrintedExponentially(28)", keyPrintedExponentially(28));
        seeds.put("elementHashedExponentially(40)", elementHashedExponentially(40));
        seeds.put("recordElementHashedExponentially(40)", recordElementHashedExponentially(40));
        seeds.put("sharedKeyInManyMaps(20, 50)", sharedKeyInManyMaps(20, 50));
        seeds.put("nestedCountsClaimingTheSameBytes(20, 100)", nestedCountsClaimingTheSameBytes(20, 100));
        seeds.put("keysSharingOneHashCode(300)", keysSharingOneHashCode(300));
        seeds.put("equalLeavesComparedInEveryMap(20, 100)", equalLeavesComparedInEveryMap(20, 100));
        seeds.put("bigNumberKeyInManyMaps(20, 100)", bigNumberKeyInManyMaps(20, 100));
        seeds.put("hugeCount", hugeCount());
        seeds.put("mutuallyRecursiveRecords", mutuallyRecursiveRecords());
        seeds.put("enumThatCannotInitialize", enumThatCannotInitialize());
        return seeds;
    }

    /** Writes an encoding by hand: the header, then tags, varints and names. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes() {
            out.write('L');
            out.write('V');
            out.write(VERSION);
        }

        Bytes tag(int tag) {
            out.write(tag);
            return this;
        }

        Bytes varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        /** A Latin-1 string without its tag: its length, then its bytes. */
        Bytes name(String s) {
            varint(s.length());
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
