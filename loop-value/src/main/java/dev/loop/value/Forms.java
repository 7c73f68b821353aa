package dev.loop.value;

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

    /**
     * The codec for a value that is not a structured value by itself, and the structured form it
     * gives: what both the copy and the encoding do with such a value.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static CodecForm encodeWithCodec(Object value) {
        ValueCodec codec = ValueCodecs.forType(value.getClass()).orElseThrow(() -> new DataCloneException("$",
                value.getClass().getName() + " is not a structured value; send its data as records, collections,"
                        + " strings and numbers, or register a ValueCodec for it"));
        try {
            return new CodecForm(codec, codec.toStructured(value));
        } catch (RuntimeException e) {
            throw new DataCloneException("$", "codec " + codec.name() + " failed to encode " + value.getClass().getName()
                    + ": " + e, e);
        }
    }

    /** A map entry's path segment: {@code .name} for a string key, {@code [key]} otherwise. */
    static String keySegment(Object key) {
        return key instanceof String name ? "." + name : "[" + key + "]";
    }
}
