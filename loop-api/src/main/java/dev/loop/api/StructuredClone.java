package dev.loop.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structured values (DESIGN §3): what may cross a thread or process boundary, and their deep copy,
 * modelled on the HTML structured-clone algorithm.
 *
 * <p>A structured value is one of:
 * <ul>
 *   <li>immutable scalars, shared as they are: {@code null}, {@link Boolean}, {@link Character},
 *       the boxed numbers, {@link BigInteger}, {@link BigDecimal}, {@link String}, enum constants,
 *       {@link Instant}, {@link Duration};</li>
 *   <li>arrays of primitives (byte[] and the others) and of structured values, copied;</li>
 *   <li>{@link List}, {@link Map} and {@link Set} of structured values, copied to
 *       {@link ArrayList}, {@link LinkedHashMap} and {@link LinkedHashSet} (insertion order kept);</li>
 *   <li>records whose components are structured values, rebuilt through their canonical
 *       constructor (the record's class must be accessible to {@code dev.loop.api}: public in an
 *       exported package, or in a package opened to it).</li>
 * </ul>
 * Shared references stay shared and cycles stay cycles in the copy, except a cycle through a
 * record, which an immutable record cannot hold in a copy. Anything else is refused with a
 * {@link DataCloneException} that names its path, such as {@code $.items[3].owner}. Java
 * serialization is never used.
 *
 * <p><b>Thread safety:</b> {@link #copy} may be called from any thread; the value must not change
 * while it is copied.
 */
public final class StructuredClone {

    private final IdentityHashMap<Object, Object> copies = new IdentityHashMap<>();
    /** Records being rebuilt: meeting one again is a cycle through a record. */
    private final IdentityHashMap<Object, Boolean> building = new IdentityHashMap<>();

    private StructuredClone() {
    }

    /**
     * A deep copy of a structured value.
     *
     * @param value the value
     * @param <T> its type
     * @return the copy: equal to {@code value}, sharing no mutable part with it
     * @throws DataCloneException if some part of it is not a structured value
     */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T value) {
        return (T) new StructuredClone().clone(value, "$");
    }

    private Object clone(Object value, String path) {
        if (value == null || isImmutable(value)) {
            return value;
        }
        Object done = copies.get(value);
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
            case Object[] a -> array(a, path);
            case List<?> list -> list(list, path);
            case Map<?, ?> map -> map(map, path);
            case Set<?> set -> set(set, path);
            case Record record -> record(record, path);
            default -> throw new DataCloneException(path, value.getClass().getName()
                    + " is not a structured value; send its data as records, collections, strings and numbers,"
                    + " or register a codec for it");
        };
    }

    private static boolean isImmutable(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof Character
                || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Float || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal || value instanceof Enum<?>
                || value instanceof Instant || value instanceof Duration;
    }

    private Object remember(Object original, Object copy) {
        copies.put(original, copy);
        return copy;
    }

    private Object array(Object[] array, String path) {
        Object[] copy = (Object[]) java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), array.length);
        copies.put(array, copy);
        for (int i = 0; i < array.length; i++) {
            copy[i] = clone(array[i], path + "[" + i + "]");
        }
        return copy;
    }

    private Object list(List<?> list, String path) {
        List<Object> copy = new ArrayList<>(list.size());
        copies.put(list, copy);
        int i = 0;
        for (Object element : list) {
            copy.add(clone(element, path + "[" + i++ + "]"));
        }
        return copy;
    }

    private Object map(Map<?, ?> map, String path) {
        Map<Object, Object> copy = new LinkedHashMap<>();
        copies.put(map, copy);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            String at = key instanceof String name ? path + "." + name : path + "[" + key + "]";
            copy.put(clone(key, at + "(key)"), clone(entry.getValue(), at));
        }
        return copy;
    }

    private Object set(Set<?> set, String path) {
        Set<Object> copy = new LinkedHashSet<>();
        copies.put(set, copy);
        int i = 0;
        for (Object element : set) {
            copy.add(clone(element, path + "{" + i++ + "}"));
        }
        return copy;
    }

    private Object record(Record record, String path) {
        if (building.containsKey(record)) {
            throw new DataCloneException(path, "a cycle through the record " + record.getClass().getName()
                    + " cannot be copied (a record is built from its components); break the cycle with a collection");
        }
        building.put(record, Boolean.TRUE);
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                types[i] = component.getType();
                Object value;
                try {
                    value = component.getAccessor().invoke(record);
                } catch (IllegalAccessException e) {
                    throw inaccessible(record, path, e);
                } catch (InvocationTargetException e) {
                    throw new DataCloneException(path + "." + component.getName(), "its accessor threw " + e.getCause());
                }
                values[i] = clone(value, path + "." + component.getName());
            }
            Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
            Object copy = canonical.newInstance(values);
            copies.put(record, copy);
            return copy;
        } catch (IllegalAccessException e) {
            throw inaccessible(record, path, e);
        } catch (NoSuchMethodException | InstantiationException e) {
            throw new DataCloneException(path, "cannot rebuild " + record.getClass().getName() + ": " + e);
        } catch (InvocationTargetException e) {
            throw new DataCloneException(path, "the canonical constructor of " + record.getClass().getName() + " threw " + e.getCause());
        } finally {
            building.remove(record);
        }
    }

    private static DataCloneException inaccessible(Record record, String path, IllegalAccessException e) {
        return new DataCloneException(path, record.getClass().getName() + " is not accessible to dev.loop.api ("
                + e.getMessage() + "); make the record public in an exported package, or open its package to dev.loop.api");
    }
}
