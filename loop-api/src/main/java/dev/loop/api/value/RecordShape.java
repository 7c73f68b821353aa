package dev.loop.api.value;

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
            accessors[i].trySetAccessible(); // works when the record's package is open to dev.loop.api
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
        return new DataCloneException("$", type.getName() + " is not accessible to dev.loop.api (" + e.getMessage()
                + "); make the record public in an exported package, or open its package to dev.loop.api", e);
    }
}
