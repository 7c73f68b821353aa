package dev.loop.value;

import dev.loop.value.shared.SharedBuffer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
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
 * <p>A clone has two halves, as in HTML: {@link #serialize} on the sender's thread takes a private
 * snapshot and performs the transfers, and {@link Serialized#deserialize()} on the receiver's
 * thread builds the records and runs the codecs' {@link ValueCodec#fromStructured}. A failure in
 * the second half is the receiver's {@code messageerror}.
 *
 * <p><b>Thread safety:</b> the value must not change while it is serialized; the snapshot is then
 * independent of it.
 */
public final class StructuredClone {

    /** Copies by original, for shared references and cycles; made on first use (most values need none). */
    private IdentityHashMap<Object, Object> copies;
    /** Records and codec values being walked: meeting one again is a cycle through it. */
    private IdentityHashMap<Object, Boolean> building;
    /** The transfer list, each with its prepared move. */
    private final IdentityHashMap<Object, Transferable.Transfer> transfers;
    /** Whether the snapshot holds records or codec values that only the receiver may build. */
    private boolean needsBuild;

    private StructuredClone(IdentityHashMap<Object, Transferable.Transfer> transfers) {
        this.transfers = transfers;
    }

    /**
     * A deep copy of a structured value, both halves at once.
     *
     * @param value the value
     * @param <T> its type
     * @return the copy: equal to {@code value}, sharing no mutable part with it (shared buffers apart)
     * @throws DataCloneException if some part of it is not a structured value, or is a
     *     {@link Transferable} that only a transfer list may move
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
     * @throws DataCloneException if some part of {@code value} is not a structured value, or the
     *     transfer list holds something that cannot be moved (a {@link SharedBuffer}, a duplicate, a
     *     detached buffer, a closed port)
     */
    public static Serialized serialize(Object value, Collection<?> transferList) {
        if (transferList.isEmpty()) {
            if (isShareable(value)) {
                return new Serialized(value, false, List.of()); // shared as it is: no walk
            }
            StructuredClone clone = new StructuredClone(null);
            Object root = clone.clone(value);
            return new Serialized(root, clone.needsBuild, List.of());
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
        List<Object> received = new ArrayList<>(transfers.size());
        for (Transferable.Transfer transfer : inOrder) { // the list's order, as an event's ports
            transfer.commit();
            received.add(transfer.received());
        }
        return new Serialized(root, clone.needsBuild, received);
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

    private Object clone(Object value) {
        if (isShareable(value)) {
            return value;
        }
        Object done = copies == null ? null : copies.get(value);
        if (done != null) {
            return done; // a shared reference, or a cycle back to a container
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
            case List<?> list -> elements(list, new ArrayList<>(list.size()), "[", "]");
            case Map<?, ?> map -> map(map);
            case Set<?> set -> elements(set, new LinkedHashSet<>(), "{", "}");
            case Record record -> record(record);
            case SharedBuffer shared -> shared;
            case Transferable t when transfers != null && transfers.containsKey(t) ->
                    remember(value, transfers.get(t).received());
            case ArrayBuffer buffer -> remember(value, copyOf(buffer));
            case Transferable t -> throw new DataCloneException("$", t + " must be listed in the transfer list to be"
                    + " posted: it is moved, never copied");
            default -> codec(value);
        };
    }

    private Object remember(Object original, Object copy) {
        if (copies == null) {
            copies = new IdentityHashMap<>();
        }
        copies.put(original, copy);
        return copy;
    }

    private void enter(Object value) {
        if (building == null) {
            building = new IdentityHashMap<>();
        }
        building.put(value, Boolean.TRUE);
    }

    private boolean inside(Object value) {
        return building != null && building.containsKey(value);
    }

    private static ArrayBuffer copyOf(ArrayBuffer buffer) {
        if (buffer.detached()) {
            throw new DataCloneException("$", "this ArrayBuffer is detached (it was transferred away) and cannot be posted");
        }
        return buffer.copy();
    }

    private Object array(Object[] array) {
        Object[] copy = new Object[array.length];
        Object result = copy;
        if (array.getClass() != Object[].class) {
            result = new Forms.ArrayForm(array.getClass().getComponentType(), copy);
            needsBuild = true;
        }
        remember(array, result);
        for (int i = 0; i < array.length; i++) {
            try {
                copy[i] = clone(array[i]);
            } catch (DataCloneException e) {
                throw e.inside("[" + i + "]");
            }
        }
        return result;
    }

    /**
     * Copies a list into an {@link ArrayList} or a set into a {@link LinkedHashSet}, element by
     * element; an element's path is {@code [i]} in a list and <code>{i}</code> in a set.
     */
    private Object elements(Collection<?> source, Collection<Object> copy, String open, String close) {
        remember(source, copy);
        int i = 0;
        for (Object element : source) {
            try {
                copy.add(clone(element));
            } catch (DataCloneException e) {
                throw e.inside(open + i + close);
            }
            i++;
        }
        return copy;
    }

    private Object map(Map<?, ?> map) {
        Map<Object, Object> copy = new LinkedHashMap<>();
        remember(map, copy);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            Object keyCopy;
            try {
                keyCopy = clone(key);
            } catch (DataCloneException e) {
                throw e.inside(Forms.keySegment(key) + "(key)");
            }
            try {
                copy.put(keyCopy, clone(entry.getValue()));
            } catch (DataCloneException e) {
                throw e.inside(Forms.keySegment(key));
            }
        }
        return copy;
    }

    private Object record(Record record) {
        if (inside(record)) {
            throw new DataCloneException("$", "a cycle through the record " + record.getClass().getName()
                    + " cannot be copied (a record is built from its components); break the cycle with a collection");
        }
        enter(record);
        RecordShape shape = RecordShape.of(record.getClass());
        Object[] components = new Object[shape.size()];
        for (int i = 0; i < components.length; i++) {
            Object component = shape.component(record, i); // its errors name the component already
            try {
                components[i] = clone(component);
            } catch (DataCloneException e) {
                throw e.inside("." + shape.names[i]);
            }
        }
        building.remove(record);
        needsBuild = true;
        return remember(record, new Forms.RecordForm(shape, components));
    }

    private Object codec(Object value) {
        if (inside(value)) {
            throw new DataCloneException("$", "the structured form of this " + value.getClass().getName()
                    + " leads back to the value itself; a codec's form must not hold its own value");
        }
        Forms.CodecForm form = Forms.encodeWithCodec(value);
        enter(value); // a codec's form may not lead back to its value
        Object copy;
        try {
            copy = clone(form.structured());
        } catch (DataCloneException e) {
            throw e.inside("(" + form.codec().name() + ")");
        } finally {
            building.remove(value);
        }
        needsBuild = true;
        return remember(value, new Forms.CodecForm(form.codec(), copy));
    }
}
