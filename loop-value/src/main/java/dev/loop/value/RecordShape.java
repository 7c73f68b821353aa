package dev.loop.value;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** A record class's components and canonical constructor, looked up once per class. */
final class RecordShape {

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };

    final Class<?> type;
    final String[] names;
    /**
     * Whether every component's declared type is immutable (primitives, strings, boxed numbers,
     * enums, BigInteger/BigDecimal, Instant/Duration, or such records): then the record is deeply
     * immutable, and a clone may share it as it shares a string.
     */
    final boolean immutable;
    private final Method[] accessors;
    private final Constructor<?> canonical;
    private final String problem;

    private RecordShape(Class<?> type) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        accessors = new Method[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            accessors[i] = components[i].getAccessor();
            accessors[i].trySetAccessible(); // works when the record's package is open to dev.loop.value
            types[i] = components[i].getType();
        }
        Constructor<?> constructor = null;
        String why = null;
        try {
            constructor = type.getDeclaredConstructor(types);
            constructor.trySetAccessible();
        } catch (NoSuchMethodException e) {
            why = "it has no canonical constructor";
        }
        canonical = constructor;
        problem = why;
        immutable = immutable(type);
    }

    /**
     * Whether every component of {@code root}, and of every record type among them, has an
     * immutable type, with no record type reached again through its own components. Walks the
     * types with a stack of its own and never asks {@link #of} about another type: computing one
     * shape inside another's computation recursed forever for two records that name each other.
     */
    private static boolean immutable(Class<?> root) {
        Map<Class<?>, Boolean> open = new HashMap<>(); // true while on the path
        ArrayDeque<Class<?>> path = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        path.push(root);
        next.push(0);
        open.put(root, true);
        while (!path.isEmpty()) {
            RecordComponent[] components = path.peek().getRecordComponents();
            int i = next.pop();
            if (i == components.length) {
                open.put(path.pop(), false); // done: immutable, or we would have returned
                continue;
            }
            next.push(i + 1);
            Class<?> t = components[i].getType();
            if (isImmutableLeaf(t)) {
                continue;
            }
            if (!t.isRecord() || Boolean.TRUE.equals(open.get(t))) {
                return false; // a mutable type, or a record type that can hold itself: values may nest without end
            }
            if (!open.containsKey(t)) {
                open.put(t, true);
                path.push(t);
                next.push(0);
            }
        }
        return true;
    }

    private static boolean isImmutableLeaf(Class<?> t) {
        return t.isPrimitive() || t == String.class || t == Integer.class || t == Long.class
                || t == Double.class || t == Float.class || t == Short.class || t == Byte.class
                || t == Character.class || t == Boolean.class || t == java.math.BigInteger.class
                || t == java.math.BigDecimal.class || t == java.time.Instant.class || t == java.time.Duration.class
                || t.isEnum();
    }

    static RecordShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    int size() {
        return names.length;
    }

    Object component(Record record, int i) {
        try {
            return accessors[i].invoke(record);
        } catch (IllegalAccessException e) {
            throw inaccessible(e);
        } catch (InvocationTargetException e) { // the caller's path ends in this component
            throw new DataCloneException("$", "its accessor threw " + e.getCause(), e.getCause());
        }
    }

    Object build(Object[] components) {
        if (problem != null) {
            throw new DataCloneException("$", "cannot rebuild " + type.getName() + ": " + problem);
        }
        try {
            return canonical.newInstance(components);
        } catch (IllegalAccessException e) {
            throw inaccessible(e);
        } catch (InstantiationException | IllegalArgumentException e) {
            throw new DataCloneException("$", "cannot rebuild " + type.getName() + ": " + e, e);
        } catch (LinkageError e) { // its static initializer failed, now or before
            throw new DataCloneException("$", "cannot rebuild " + type.getName() + ", its class cannot be initialized"
                    + " on this side: " + describe(e), e);
        } catch (InvocationTargetException e) {
            throw new DataCloneException("$", "the canonical constructor of " + type.getName() + " threw " + e.getCause(),
                    e.getCause());
        }
    }

    /** A linkage error and what caused it, such as the exception of a failed static initializer. */
    static String describe(LinkageError e) {
        return e.getCause() == null ? e.toString() : e + " caused by " + e.getCause();
    }

    private DataCloneException inaccessible(IllegalAccessException e) {
        return new DataCloneException("$", type.getName() + " is not accessible to dev.loop.value (" + e.getMessage()
                + "); make the record public in an exported package, or open its package to dev.loop.value", e);
    }
}
