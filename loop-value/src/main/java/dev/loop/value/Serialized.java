package dev.loop.value;

import java.lang.reflect.Array;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sender's half of a structured clone: a private snapshot of a value, made by
 * {@link StructuredClone#serialize}, that the receiver turns into its own copy with
 * {@link #deserialize()}. It crosses the thread boundary through a queue, whose hand-off is the
 * happens-before edge between the two halves.
 */
public final class Serialized {

    private Object root;
    private final boolean needsBuild;
    private final List<Object> transferred;
    private boolean taken;
    /** Built values by snapshot node, for shared references and cycles. */
    private IdentityHashMap<Object, Object> built;

    Serialized(Object root, boolean needsBuild, List<Object> transferred) {
        this.root = root;
        this.needsBuild = needsBuild;
        this.transferred = transferred.isEmpty() ? List.of() : List.copyOf(transferred);
    }

    /**
     * The receiver's half: builds the value from the snapshot, running records' canonical
     * constructors and codecs' {@link ValueCodec#fromStructured}. Call it once, on the receiving
     * thread.
     *
     * @return the value
     * @throws DataCloneException if a record's constructor or a codec fails (the receiver's
     *     {@code messageerror}); the message names the path
     * @throws IllegalStateException if called a second time
     */
    public Object deserialize() {
        if (taken) {
            throw new IllegalStateException("this snapshot was already deserialized; serialize the value again"
                    + " for another receiver");
        }
        taken = true;
        Object value = root;
        root = null;
        if (!needsBuild) {
            return value; // the snapshot's containers are fresh, and now the receiver's
        }
        built = new IdentityHashMap<>();
        return build(value);
    }

    /**
     * The objects moved by the transfer list, as the receiver sees them, in the list's order
     * (such as the ports of a message event).
     *
     * @return the transferred objects
     */
    public List<Object> transferred() {
        return transferred;
    }

    @SuppressWarnings("unchecked")
    private Object build(Object node) {
        if (node == null || StructuredClone.isImmutable(node) || node.getClass().isArray() && node.getClass()
                .getComponentType().isPrimitive() || node instanceof Transferable
                || node instanceof dev.loop.value.shared.SharedBuffer
                || node instanceof Record r && RecordShape.of(r.getClass()).immutable) {
            // such a record is deeply immutable and shared; other records are forms here
            return node;
        }
        Object done = built.get(node);
        if (done != null) {
            return done;
        }
        return switch (node) {
            case Object[] array -> {
                built.put(array, array);
                for (int i = 0; i < array.length; i++) {
                    array[i] = at("[" + i + "]", array[i]);
                }
                yield array;
            }
            case List<?> list -> {
                List<Object> l = (List<Object>) list;
                built.put(list, list);
                for (int i = 0; i < l.size(); i++) {
                    l.set(i, at("[" + i + "]", l.get(i)));
                }
                yield list;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                built.put(map, copy);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    copy.put(at(Forms.keySegment(e.getKey()) + "(key)", e.getKey()), at(Forms.keySegment(e.getKey()),
                            e.getValue()));
                }
                yield copy;
            }
            case Set<?> set -> {
                Set<Object> copy = new LinkedHashSet<>();
                built.put(set, copy);
                int i = 0;
                for (Object element : set) {
                    copy.add(at("{" + i++ + "}", element));
                }
                yield copy;
            }
            case Forms.ArrayForm form -> {
                Object array = Array.newInstance(form.componentType(), form.elements().length);
                built.put(form, array);
                for (int i = 0; i < form.elements().length; i++) {
                    Object element = at("[" + i + "]", form.elements()[i]);
                    try {
                        Array.set(array, i, element);
                    } catch (IllegalArgumentException e) {
                        throw new DataCloneException("$[" + i + "]", "does not fit an array of "
                                + form.componentType().getName(), e);
                    }
                }
                yield array;
            }
            case Forms.RecordForm form -> {
                Object[] components = new Object[form.components().length];
                for (int i = 0; i < components.length; i++) {
                    components[i] = at("." + form.shape().names[i], form.components()[i]);
                }
                Object record = form.shape().build(components);
                built.put(form, record);
                yield record;
            }
            case Forms.CodecForm form -> {
                Object structured = at("(" + form.codec().name() + ")", form.structured());
                Object value;
                try {
                    value = form.codec().fromStructured(structured);
                } catch (RuntimeException e) {
                    throw new DataCloneException("$", "codec " + form.codec().name() + " failed to decode: " + e, e);
                }
                built.put(form, value);
                yield value;
            }
            default -> throw new IllegalStateException("not a snapshot node: " + node.getClass().getName());
        };
    }

    private Object at(String segment, Object node) {
        try {
            return build(node);
        } catch (DataCloneException e) {
            throw e.inside(segment);
        }
    }
}
