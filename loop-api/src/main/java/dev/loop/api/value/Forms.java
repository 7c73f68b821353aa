package dev.loop.api.value;

/**
 * What a snapshot holds in place of values that only the receiver may build: records (their
 * canonical constructor runs there), arrays of a specific component type (which may hold
 * records), and codec values.
 */
final class Forms {

    private Forms() {
    }

    record RecordForm(RecordShape shape, Object[] components) {
    }

    record ArrayForm(Class<?> componentType, Object[] elements) {
    }

    record CodecForm(ValueCodec<?> codec, Object structured) {
    }

    /** A map entry's path segment: {@code .name} for a string key, {@code [key]} otherwise. */
    static String keySegment(Object key) {
        return key instanceof String name ? "." + name : "[" + key + "]";
    }
}
