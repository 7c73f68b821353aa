package dev.loop.value;

import dev.loop.value.shared.SharedBuffer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structured values: what may cross a thread or process boundary, and how it is
 * copied, modelled on the HTML structured-clone algorithm.
 *
 * <p>A structured value is one of:
 * <ul>
 *   <li>immutable scalars, shared as they are: {@code null}, {@link Boolean}, {@link Character},
 *       the boxed numbers, {@link BigInteger}, {@link BigDecimal}, {@link String}, enum constants,
 *       {@link Instant}, {@link Duration};</li>
 *   <li>arrays of primitives (byte[] and the others) and of structured values, copied;</li>
 *   <li>{@link List}, {@link Map} and {@link Set} of structured values, copied to
 *       {@link ArrayList}, {@link LinkedHashMap} and {@link LinkedHashSet} (insertion order kept);</li>
 *   <li>records whose components are structured values, rebuilt by the receiver through their
 *       canonical constructor (the record's class must be accessible to {@code dev.loop.value}:
 *       public in an exported package, or in a package opened to it). A record whose components
 *       are all declared with immutable types (primitives, the scalars above, or such records) is
 *       deeply immutable and is shared as it is, like a string, without running its constructor
 *       again;</li>
 *   <li>{@link ArrayBuffer}s, copied, or moved when listed in the transfer list;</li>
 *   <li>{@link SharedBuffer}s, shared: the receiver sees the same memory;</li>
 *   <li>other {@link Transferable}s (message ports), which must be listed in the transfer list;</li>
 *   <li>values of a type with a registered {@link ValueCodec}.</li>
 * </ul>
 * Shared references stay shared and cycles stay cycles in the copy, except a cycle through a
 * record, which an immutable record cannot hold. Anything else is refused with a
 * {@link DataCloneException} that names its path, such as {@code $.items[3].owner}. Java
 * serialization is never used; {@link ValueEncoding} writes the same values as bytes.
 *
 * <p><b>Map keys and set elements.</b> A map hashes its keys while it is built, so a key (or a set
 * element) must hash in a bounded number of steps: it is null, a scalar, an enum constant, a value
 * of a codec type, or a record whose components are such keys, with at most 64 records in one key
 * (a record counted each time it appears). A {@link List}, {@link Map}, {@link Set}, array,
 * {@link ArrayBuffer} or other buffer is refused as a key or set element, and inside a record that
 * is one, with a {@link DataCloneException} naming the path (<code>$.index{key 3}</code>): it is
 * mutable, and one that holds itself, or one sub-list many times over, hashes forever or
 * exponentially long. The copy, {@link ValueEncoding#encode} and {@link ValueEncoding#decode}
 * apply the same rule, so what one refuses the others refuse too.
 *
 * <p><b>Nesting limit.</b> A structured value may nest at most {@link #maxDepth()} levels (each
 * list, map, set, array, record and codec value is a level; a reference back to a container
 * already open is not): {@value #DEFAULT_MAX_DEPTH} unless the system property
 * {@value #MAX_DEPTH_PROPERTY} says otherwise, as in {@code -Ddev.loop.value.maxDepth=5000}. A deeper
 * value is refused with a {@link DataCloneException} naming its path, never a
 * {@link StackOverflowError}: the copy, the encoding and the decoding walk the value with a stack
 * of their own, so the limit, not the thread's stack size, decides what is refused.
 * {@link ValueEncoding#decode(byte[], ClassLoader, int)} and
 * {@link ValueEncoding#encode(Object, int)} take a limit of their own, for a particular peer.
 *
 * <p>A clone has two halves, as in HTML: {@link #serialize} on the sender's thread takes a private
 * snapshot and performs the transfers, and {@link Serialized#deserialize()} on the receiver's
 * thread builds the records and runs the codecs' {@link ValueCodec#fromStructured}. A failure in
 * the second half is the receiver's {@code messageerror}.
 *
 * <p><b>Thread safety:</b> the value must not change while it is serialized; the snapshot is then
 * independent of it.
 */
public final class StructuredClone {

    /*
     * Implementation overview
     *
     * A copy walks the value once, without recursion: the containers, records and codec values
     * being copied are frames on an explicit FrameStack, and walk() loops, copying
     * the top frame's next part and handing each finished copy to the frame below. Containers are
     * remembered (copies) when they open, so a reference back to one, a cycle, gets its copy;
     * records and codec values are remembered when they close, and meeting one that is still open
     * (building) is a cycle through it, which is refused. Paths are made from the stack only when
     * an error is thrown (ValuePath). Map keys and set elements pass KeyRule before they are copied.
     * Serialized.deserialize walks the snapshot the same way. Tests: StructuredCloneTest,
     * NestingLimitTest (the limit, on a thread with a small stack), KeyRuleTest.
     */

    /** The nesting limit when the system property {@value #MAX_DEPTH_PROPERTY} is not set: {@value}. */
    public static final int DEFAULT_MAX_DEPTH = 1000;

    /**
     * The system property that sets {@link #maxDepth()} for the process, such as
     * {@code -Ddev.loop.value.maxDepth=5000}: {@value}.
     */
    public static final String MAX_DEPTH_PROPERTY = "dev.loop.value.maxDepth";

    /** Copies by original, for shared references and cycles; made on first use (most values need none). */
    private IdentityTable<Object> copies;
    /** Records and codec values being walked: meeting one again is a cycle through it. */
    private IdentityTable<Boolean> building;
    /** The transfer list, each with its prepared move. */
    private final IdentityHashMap<Object, Transferable.Transfer> transfers;
    /** Whether the snapshot holds records or codec values that only the receiver may build. */
    private boolean needsBuild;

    private StructuredClone(IdentityHashMap<Object, Transferable.Transfer> transfers) {
        this.transfers = transfers;
    }

    /** Each thread's cloner for values without a transfer list, reused: its frames cost more to make than a small value to copy. */
    private static final ThreadLocal<StructuredClone> CLONERS = new ThreadLocal<>();
    /** A value is being copied: a codec that copies another meanwhile gets a cloner of its own. */
    private boolean busy;

    private static StructuredClone forThread() {
        StructuredClone clone = CLONERS.get();
        if (clone != null && !clone.busy) {
            return clone;
        }
        StructuredClone fresh = new StructuredClone(null);
        if (clone == null) {
            CLONERS.set(fresh);
        }
        return fresh;
    }

    /** Readies this cloner for the next value, also after one that threw, keeping none of this one. */
    private void reset() {
        if (copies != null) {
            copies.clear();
        }
        if (building != null) {
            building.clear();
        }
        needsBuild = false;
        frames.clear(frame -> {
            frame.source = null;
            frame.parts = null;
            frame.copy = null;
            frame.entry = null;
            frame.keyCopy = null;
            frame.result = null;
            frame.shape = null;
        });
        busy = false;
    }

    /**
     * A deep copy of a structured value, both halves at once.
     *
     * @param value the value
     * @param <T> its type
     * @return the copy: equal to {@code value}, sharing no mutable part with it (shared buffers apart)
     * @throws DataCloneException if some part of it is not a structured value, or is a
     *     {@link Transferable} that only a transfer list may move, or a map key or set element
     *     breaks the key rule, or the value nests deeper than {@link #maxDepth()}
     */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T value) {
        return (T) serialize(value, List.of()).deserialize();
    }

    /**
     * The sender's half of a clone: a snapshot of {@code value}, with every object in
     * {@code transferList} moved into it. The transfer list is checked first and the transfers
     * happen last, so a failure detaches nothing.
     *
     * @param value the value
     * @param transferList what to move instead of copy: {@link ArrayBuffer}s and other
     *     {@link Transferable}s, each at most once
     * @return the snapshot, for the receiver to {@linkplain Serialized#deserialize() deserialize}
     * @throws DataCloneException if some part of {@code value} is not a structured value, a map key
     *     or set element breaks the key rule, the value nests deeper than {@link #maxDepth()}, or the
     *     transfer list holds something that cannot be moved (a {@link SharedBuffer}, a duplicate, a
     *     detached buffer, a closed port)
     */
    public static Serialized serialize(Object value, Collection<?> transferList) {
        if (transferList.isEmpty()) {
            if (isShareable(value)) {
                return new Serialized(value, false, List.of()); // shared as it is: no walk
            }
            Object flat = FlatCopy.of(value);
            if (flat != null) {
                // a root of scalars, copied here: the receiver (often a busy main loop) only takes it
                return new Serialized(flat, false, List.of());
            }
            StructuredClone clone = forThread();
            clone.busy = true;
            try {
                Object root = clone.clone(value);
                return new Serialized(root, clone.needsBuild, List.of());
            } finally {
                clone.reset();
            }
        }
        return prepare(value, transferList).commit();
    }

    /**
     * The sender's half of a clone in two steps, for a sender that must decide under a lock whether
     * the value is sent: this first step checks the transfer list and copies the value (where a
     * record's accessors and codecs run), and moves nothing; {@link Prepared#commit()} then moves
     * the transfer list's objects, running no code of the value's. A prepared clone that is never
     * committed has moved nothing.
     *
     * @param value the value
     * @param transferList what to move instead of copy
     * @return the prepared clone
     * @throws DataCloneException as {@link #serialize}
     */
    public static Prepared prepare(Object value, Collection<?> transferList) {
        if (transferList.isEmpty()) {
            return new Prepared(serialize(value, transferList));
        }
        IdentityHashMap<Object, Transferable.Transfer> transfers = new IdentityHashMap<>();
        List<Transferable.Transfer> inOrder = new ArrayList<>(transferList.size());
        int i = 0;
        for (Object item : transferList) {
            String at = "$transferList[" + i++ + "]";
            switch (item) {
                case null -> throw new DataCloneException(at, "null cannot be transferred");
                case SharedBuffer shared -> throw new DataCloneException(at, "a SharedBuffer is shared, not moved:"
                        + " post it without listing it in the transfer list");
                case Transferable t when transfers.containsKey(t) -> throw new DataCloneException(at,
                        t + " is listed twice in the transfer list");
                case Transferable t -> {
                    try {
                        Transferable.Transfer transfer = t.prepareTransfer();
                        transfers.put(t, transfer);
                        inOrder.add(transfer);
                    } catch (IllegalStateException e) {
                        throw new DataCloneException(at, e.getMessage(), e);
                    }
                }
                default -> throw new DataCloneException(at, item.getClass().getName() + " is not transferable;"
                        + " only ArrayBuffers and MessagePorts can be listed in a transfer list");
            }
        }
        StructuredClone clone = new StructuredClone(transfers);
        Object root = clone.clone(value);
        return new Prepared(root, clone.needsBuild, inOrder);
    }

    /**
     * A copied value whose transfers have not happened yet ({@link #prepare}).
     *
     * <p><b>Thread safety:</b> the sender's thread.
     */
    public static final class Prepared {
        private final Object root;
        private final boolean needsBuild;
        private final List<Transferable.Transfer> transfers;
        /** Without transfers: the snapshot, ready. */
        private final Serialized ready;
        private boolean committed;

        private Prepared(Object root, boolean needsBuild, List<Transferable.Transfer> transfers) {
            this.root = root;
            this.needsBuild = needsBuild;
            this.transfers = transfers;
            this.ready = null;
        }

        private Prepared(Serialized ready) {
            this.root = null;
            this.needsBuild = false;
            this.transfers = List.of();
            this.ready = ready;
        }

        /**
         * Moves the transfer list's objects into the snapshot, in the list's order, and returns it.
         *
         * @return the snapshot, for the receiver to deserialize
         * @throws IllegalStateException if called a second time
         */
        public Serialized commit() {
            if (committed) {
                throw new IllegalStateException("this prepared clone was committed already; prepare the value again");
            }
            committed = true;
            if (ready != null) {
                return ready;
            }
            List<Object> received = new ArrayList<>(transfers.size());
            for (Transferable.Transfer transfer : transfers) { // the list's order, as an event's ports
                transfer.commit();
                received.add(transfer.received());
            }
            return new Serialized(root, needsBuild, received);
        }
    }

    /**
     * Whether {@code value} is deeply immutable, so that a clone shares it as it is (null, the
     * immutable scalars, and records whose components all have immutable types). A sender may
     * hand such a value over without {@link #serialize} and a receiver use it without
     * {@link Serialized#deserialize}: the result is the same.
     *
     * @param value a value
     * @return whether it crosses a boundary unchanged
     */
    public static boolean isShareable(Object value) {
        return value == null || isImmutable(value)
                || value instanceof Record r && RecordShape.of(r.getClass()).immutable;
    }

    static boolean isImmutable(Object value) {
        return value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof Enum<?> || value instanceof Character
                || value instanceof Float || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal
                || value instanceof Instant || value instanceof Duration;
    }

    /**
     * The process's nesting limit: the system property {@value #MAX_DEPTH_PROPERTY} if it is set,
     * else {@value #DEFAULT_MAX_DEPTH}. The property is read once, when loop-value first needs it.
     *
     * @return the limit, at least 1
     * @throws IllegalStateException if the property is set to something other than a whole number
     *     of at least 1
     */
    public static int maxDepth() {
        if (ConfiguredDepth.PROBLEM != null) {
            throw new IllegalStateException(ConfiguredDepth.PROBLEM);
        }
        return ConfiguredDepth.VALUE;
    }

    /** {@code maxDepth} if it is a valid limit; the argument checks of the methods that take one. */
    static int checkMaxDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
        }
        return maxDepth;
    }

    /**
     * The limit that a value of the system property {@value #MAX_DEPTH_PROPERTY} sets.
     *
     * @param text the property's value, or null if it is not set
     * @return the limit: {@link #DEFAULT_MAX_DEPTH} if not set
     * @throws IllegalStateException if {@code text} is not a whole number of at least 1
     */
    static int parseMaxDepth(String text) {
        if (text == null) {
            return DEFAULT_MAX_DEPTH;
        }
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1) {
            throw new IllegalStateException("the system property " + MAX_DEPTH_PROPERTY + "=" + text + " is not a whole"
                    + " number of at least 1; set it to the nesting limit you want (the default is " + DEFAULT_MAX_DEPTH
                    + "), or remove it");
        }
        return value;
    }

    /** The limit the system property sets, parsed once; a bad value is reported at every use. */
    private static final class ConfiguredDepth {
        static final int VALUE;
        static final String PROBLEM;

        static {
            int value = DEFAULT_MAX_DEPTH;
            String problem = null;
            try {
                value = parseMaxDepth(System.getProperty(MAX_DEPTH_PROPERTY));
            } catch (IllegalStateException e) {
                problem = e.getMessage();
            }
            VALUE = value;
            PROBLEM = problem;
        }
    }

    /* The walk: one loop over an explicit stack, so that nesting costs heap, not Java stack. */

    /** What {@link #copyOf} returns when it opened a frame instead of completing a copy. */
    private static final Object OPENED = FrameStack.OPENED;

    private static final int LIST = 0;
    private static final int SET = 1;
    private static final int MAP = 2;
    private static final int ARRAY = 3;
    private static final int RECORD = 4;
    private static final int CODEC = 5;

    /** A container, record or codec value being copied: its parts, and where their copies go. */
    private static final class Frame extends FrameStack.Frame {
        int kind;
        Object source;
        /** LIST, SET, MAP: the source's parts, in order. */
        Iterator<?> parts;
        /** LIST, SET, MAP: the copy; ARRAY: the Object[] of copies; RECORD: the components' copies. */
        Object copy;
        /** MAP: the entry being copied. */
        Map.Entry<?, ?> entry;
        /** MAP: the copy of its key, while its value is copied. */
        Object keyCopy;
        /** ARRAY: what stands for the array in the snapshot; CODEC: its form. */
        Object result;
        RecordShape shape;

        String segment() {
            return switch (kind) {
                case LIST, ARRAY -> ValuePath.index(index);
                case SET -> ValuePath.element(index);
                case MAP -> index % 2 == 0 ? ValuePath.key(index / 2) : ValuePath.value(entry.getKey(), index / 2);
                case RECORD -> ValuePath.component(shape.names[index]);
                default -> ValuePath.codec(((Forms.CodecForm) result).codec().name());
            };
        }
    }

    private final FrameStack<Frame> frames = new FrameStack<>(maxDepth(), Frame::new);

    private Object clone(Object value) {
        try {
            return walk(value);
        } catch (DataCloneException e) {
            throw e.inside(ValuePath.of(frames.depth(), level -> frames.at(level).segment()));
        }
    }

    private Object walk(Object value) {
        return frames.walk(copyOf(value), steps);
    }

    /** The walk's steps for a copy. */
    private final FrameStack.Steps<Frame> steps = new FrameStack.Steps<>() {
        @Override
        public void accept(Frame frame, Object part) {
            StructuredClone.accept(frame, part);
        }

        @Override
        public Object close(Frame frame) {
            return StructuredClone.this.close(frame);
        }

        @Override
        public Object next(Frame frame) {
            return copyOf(nextPart(frame));
        }
    };

    /** The copy of a value that has no parts or was copied before, else {@link #OPENED} a frame for it. */
    private Object copyOf(Object value) {
        if (isShareable(value)) {
            return value;
        }
        Object done = copies == null ? null : copies.get(value);
        if (done != null) {
            return done; // a shared reference, or a cycle back to a container
        }
        Object flat = frames.hasRoom() ? FlatCopy.of(value) : null; // at the limit, the push below refuses it
        if (flat != null) {
            return remember(value, flat); // scalars only: no frame needed
        }
        return switch (value) {
            case byte[] a -> remember(value, a.clone());
            case short[] a -> remember(value, a.clone());
            case int[] a -> remember(value, a.clone());
            case long[] a -> remember(value, a.clone());
            case float[] a -> remember(value, a.clone());
            case double[] a -> remember(value, a.clone());
            case char[] a -> remember(value, a.clone());
            case boolean[] a -> remember(value, a.clone());
            case Object[] a -> array(a);
            case List<?> list -> open(LIST, list, list.iterator(), list.size(), new ArrayList<>(list.size()));
            case Map<?, ?> map -> open(MAP, map, map.entrySet().iterator(), 2 * map.size(), LinkedHashMap.newLinkedHashMap(map.size()));
            case Set<?> set -> open(SET, set, set.iterator(), set.size(), LinkedHashSet.newLinkedHashSet(set.size()));
            case Record record -> record(record);
            case SharedBuffer shared -> shared;
            case Transferable t when transfers != null && transfers.containsKey(t) ->
                    remember(value, transfers.get(t).received());
            case ArrayBuffer buffer -> remember(value, bufferCopy(buffer));
            case Transferable t -> throw new DataCloneException("$", t + " must be listed in the transfer list to be"
                    + " posted: it is moved, never copied");
            default -> codec(value);
        };
    }

    private Frame push(int kind, Object source, int count) {
        Frame frame = frames.next(count);
        frame.kind = kind;
        frame.source = source;
        frame.parts = null;
        frame.entry = null;
        frame.keyCopy = null;
        frame.result = null;
        frame.shape = null;
        frames.push();
        return frame;
    }

    private Object open(int kind, Object source, Iterator<?> parts, int count, Object copy) {
        Frame frame = push(kind, source, count);
        frame.parts = parts;
        frame.copy = copy;
        remember(source, copy);
        return count == 0 ? close(frames.pop()) : OPENED;
    }

    private Object array(Object[] array) {
        Object[] copy = new Object[array.length];
        Object result = copy;
        if (array.getClass() != Object[].class) {
            result = new Forms.ArrayForm(array.getClass().getComponentType(), copy);
            needsBuild = true;
        }
        Frame frame = push(ARRAY, array, array.length);
        frame.copy = copy;
        frame.result = result;
        remember(array, result);
        return array.length == 0 ? close(frames.pop()) : OPENED;
    }

    private Object record(Record record) {
        if (inside(record)) {
            throw new DataCloneException("$", "a cycle through the record " + record.getClass().getName()
                    + " cannot be copied (a record is built from its components); break the cycle with a collection");
        }
        RecordShape shape = RecordShape.of(record.getClass());
        Frame frame = push(RECORD, record, shape.size());
        frame.shape = shape;
        frame.copy = new Object[shape.size()];
        enter(record);
        return shape.size() == 0 ? close(frames.pop()) : OPENED;
    }

    private Object codec(Object value) {
        if (inside(value)) {
            throw new DataCloneException("$", "the structured form of this " + value.getClass().getName()
                    + " leads back to the value itself; a codec's form must not hold its own value");
        }
        Forms.CodecForm form = Forms.encodeWithCodec(value);
        Frame frame = push(CODEC, value, 1);
        frame.result = form;
        enter(value); // a codec's form may not lead back to its value
        return OPENED;
    }

    /** The next part of the top frame, {@code top.index}, checked by {@link KeyRule} if it is a key. */
    private Object nextPart(Frame top) {
        return switch (top.kind) {
            case LIST -> top.parts.next();
            case SET -> {
                Object element = top.parts.next();
                KeyRule.check(element);
                yield element;
            }
            case MAP -> {
                if (top.index % 2 == 0) {
                    top.entry = (Map.Entry<?, ?>) top.parts.next();
                    KeyRule.check(top.entry.getKey());
                    yield top.entry.getKey();
                }
                yield top.entry.getValue();
            }
            case ARRAY -> ((Object[]) top.source)[top.index];
            case RECORD -> top.shape.component((Record) top.source, top.index);
            default -> ((Forms.CodecForm) top.result).structured();
        };
    }

    @SuppressWarnings("unchecked")
    private static void accept(Frame top, Object copy) {
        switch (top.kind) {
            case LIST, SET -> ((Collection<Object>) top.copy).add(copy);
            case MAP -> {
                if (top.index % 2 == 0) {
                    top.keyCopy = copy;
                } else {
                    ((Map<Object, Object>) top.copy).put(top.keyCopy, copy);
                }
            }
            case ARRAY, RECORD -> ((Object[]) top.copy)[top.index] = copy;
            default -> top.copy = copy;
        }
    }

    /** The copy a frame stands for, once all its parts are copied. */
    private Object close(Frame frame) {
        return switch (frame.kind) {
            case LIST, SET, MAP -> frame.copy;
            case ARRAY -> frame.result;
            case RECORD -> {
                building.remove(frame.source);
                needsBuild = true;
                yield remember(frame.source, new Forms.RecordForm(frame.shape, (Object[]) frame.copy));
            }
            default -> {
                building.remove(frame.source);
                needsBuild = true;
                yield remember(frame.source, new Forms.CodecForm(((Forms.CodecForm) frame.result).codec(), frame.copy));
            }
        };
    }

    private Object remember(Object original, Object copy) {
        if (copies == null) {
            copies = new IdentityTable<>();
        }
        copies.put(original, copy);
        return copy;
    }

    private void enter(Object value) {
        if (building == null) {
            building = new IdentityTable<>();
        }
        building.put(value, Boolean.TRUE);
    }

    private boolean inside(Object value) {
        return building != null && building.containsKey(value);
    }

    private static ArrayBuffer bufferCopy(ArrayBuffer buffer) {
        if (buffer.detached()) {
            throw new DataCloneException("$", "this ArrayBuffer is detached (it was transferred away) and cannot be posted");
        }
        return buffer.copy();
    }
}
