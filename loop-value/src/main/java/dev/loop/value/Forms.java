package dev.loop.value;

/**
 * What a snapshot holds in place of values that only the receiver may build: records (their
 * canonical constructor runs there), arrays of a specific component type (which may hold
 * records), and codec values. A form may be a key in a snapshot's map, so each one is equal only
 * to itself and hashes by identity: hashing one never walks its parts.
 */
final class Forms {

    private Forms() {
    }

    record RecordForm(RecordShape shape, Object[] components) {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    record ArrayForm(Class<?> componentType, Object[] elements) {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    record CodecForm(ValueCodec<?> codec, Object structured) {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
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
}
