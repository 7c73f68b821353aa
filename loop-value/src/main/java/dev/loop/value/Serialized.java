package dev.loop.value;

import java.lang.reflect.Array;
import java.util.IdentityHashMap;
import java.util.Iterator;
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

    /* The build walks the snapshot as StructuredClone walked the value: an explicit stack, no recursion. */

    /** What {@link #builtOrOpen} returns when it opened a frame instead of completing a value. */
    private static final Object OPENED = FrameStack.OPENED;

    private static final int ARRAY = 0; // an Object[] of the snapshot, filled in place
    private static final int LIST = 1; // an ArrayList of the snapshot, filled in place
    private static final int MAP = 2;
    private static final int SET = 3;
    private static final int TYPED_ARRAY = 4;
    private static final int RECORD = 5;
    private static final int CODEC = 6;

    /** A snapshot node being built: its parts, and where the built parts go. */
    private static final class Frame extends FrameStack.Frame {
        int kind;
        Object node;
        /** MAP, SET: the node's parts, in order. */
        Iterator<?> parts;
        /** ARRAY, LIST: the node; MAP, SET, TYPED_ARRAY: the new container; RECORD: the components; CODEC: the built form. */
        Object built;
        Map.Entry<?, ?> entry;
        Object key;

        String segment() {
            return switch (kind) {
                case ARRAY, LIST, TYPED_ARRAY -> ValuePath.index(index);
                case SET -> ValuePath.element(index);
                case MAP -> index % 2 == 0 ? ValuePath.key(index / 2) : ValuePath.value(key, index / 2);
                case RECORD -> ValuePath.component(((Forms.RecordForm) node).shape().names[index]);
                default -> ValuePath.codec(((Forms.CodecForm) node).codec().name());
            };
        }
    }

    /** Made by the build, which most snapshots (containers and scalars) never need. */
    private FrameStack<Frame> frames;

    /** The walk's steps for a build. */
    private final class BuildSteps implements FrameStack.Steps<Frame> {
        @Override
        public void accept(Frame frame, Object part) {
            Serialized.accept(frame, part);
        }

        @Override
        public Object close(Frame frame) {
            return Serialized.this.close(frame);
        }

        @Override
        public Object next(Frame frame) {
            return builtOrOpen(nextPart(frame));
        }
    }

    private Object build(Object root) {
        frames = new FrameStack<>(Integer.MAX_VALUE, Frame::new);
        try {
            return frames.walk(builtOrOpen(root), new BuildSteps());
        } catch (DataCloneException e) {
            throw e.inside(ValuePath.of(frames.depth(), level -> frames.at(level).segment()));
        }
    }

    /** The value of a node that has no parts or was built before, else {@link #OPENED} a frame for it. */
    private Object builtOrOpen(Object node) {
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
            case Object[] array -> open(ARRAY, array, null, array.length, array);
            case List<?> list -> open(LIST, list, null, list.size(), list);
            case Map<?, ?> map -> open(MAP, map, map.entrySet().iterator(), 2 * map.size(), new LinkedHashMap<>());
            case Set<?> set -> open(SET, set, set.iterator(), set.size(), new LinkedHashSet<>());
            case Forms.ArrayForm form -> open(TYPED_ARRAY, form, null, form.elements().length,
                    Array.newInstance(form.componentType(), form.elements().length));
            case Forms.RecordForm form -> open(RECORD, form, null, form.components().length,
                    new Object[form.components().length]);
            case Forms.CodecForm form -> open(CODEC, form, null, 1, null);
            default -> throw new IllegalStateException("not a snapshot node: " + node.getClass().getName());
        };
    }

    private Object open(int kind, Object node, Iterator<?> parts, int count, Object into) {
        if (kind != RECORD && kind != CODEC) {
            built.put(node, into); // before its parts: they may lead back to it
        }
        Frame frame = frames.next(count);
        frame.kind = kind;
        frame.node = node;
        frame.parts = parts;
        frame.built = into;
        frame.entry = null;
        frame.key = null;
        frames.push();
        return count == 0 ? close(frames.pop()) : OPENED;
    }

    /** The snapshot node of the top frame's part {@code top.index}. */
    private static Object nextPart(Frame top) {
        return switch (top.kind) {
            case ARRAY -> ((Object[]) top.node)[top.index];
            case LIST -> ((List<?>) top.node).get(top.index);
            case MAP -> {
                if (top.index % 2 == 0) {
                    top.entry = (Map.Entry<?, ?>) top.parts.next();
                    yield top.entry.getKey();
                }
                yield top.entry.getValue();
            }
            case SET -> top.parts.next();
            case TYPED_ARRAY -> ((Forms.ArrayForm) top.node).elements()[top.index];
            case RECORD -> ((Forms.RecordForm) top.node).components()[top.index];
            default -> ((Forms.CodecForm) top.node).structured();
        };
    }

    @SuppressWarnings("unchecked")
    private static void accept(Frame top, Object value) {
        switch (top.kind) {
            case ARRAY, RECORD -> ((Object[]) top.built)[top.index] = value;
            case LIST -> ((List<Object>) top.built).set(top.index, value);
            case MAP -> {
                if (top.index % 2 == 0) {
                    top.key = value;
                } else {
                    ((Map<Object, Object>) top.built).put(top.key, value);
                }
            }
            case SET -> ((Set<Object>) top.built).add(value);
            case TYPED_ARRAY -> {
                try {
                    Array.set(top.built, top.index, value);
                } catch (IllegalArgumentException e) {
                    throw new DataCloneException("$", "does not fit an array of "
                            + ((Forms.ArrayForm) top.node).componentType().getName(), e);
                }
            }
            default -> top.built = value;
        }
    }

    /** The value a frame stands for, once all its parts are built. */
    private Object close(Frame frame) {
        return switch (frame.kind) {
            case RECORD -> {
                Object record = ((Forms.RecordForm) frame.node).shape().build((Object[]) frame.built);
                built.put(frame.node, record);
                yield record;
            }
            case CODEC -> {
                Forms.CodecForm form = (Forms.CodecForm) frame.node;
                Object value;
                try {
                    value = form.codec().fromStructured(frame.built);
                } catch (RuntimeException e) {
                    throw new DataCloneException("$", "codec " + form.codec().name() + " failed to decode: " + e, e);
                }
                built.put(form, value);
                yield value;
            }
            default -> frame.built;
        };
    }
}
