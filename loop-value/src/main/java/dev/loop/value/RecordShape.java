package dev.loop.value;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

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
        immutable = immutableTypes(types, type);
    }

    private static boolean immutableTypes(Class<?>[] types, Class<?> self) {
        for (Class<?> t : types) {
            boolean ok = t.isPrimitive() || t == String.class || t == Integer.class || t == Long.class
                    || t == Double.class || t == Float.class || t == Short.class || t == Byte.class
                    || t == Character.class || t == Boolean.class || t == java.math.BigInteger.class
                    || t == java.math.BigDecimal.class || t == java.time.Instant.class || t == java.time.Duration.class
                    || t.isEnum() || t.isRecord() && t != self && SHAPES.get(t).immutable;
            if (!ok) {
                return false;
            }
        }
        return true;
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
        } catch (InvocationTargetException e) {
            throw new DataCloneException("$." + names[i], "its accessor threw " + e.getCause(), e.getCause());
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
        } catch (InvocationTargetException e) {
            throw new DataCloneException("$", "the canonical constructor of " + type.getName() + " threw " + e.getCause(),
                    e.getCause());
        }
    }

    private DataCloneException inaccessible(IllegalAccessException e) {
        return new DataCloneException("$", type.getName() + " is not accessible to dev.loop.value (" + e.getMessage()
                + "); make the record public in an exported package, or open its package to dev.loop.value", e);
    }
}
