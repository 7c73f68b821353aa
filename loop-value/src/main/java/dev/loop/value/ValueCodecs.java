package dev.loop.value;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of {@link ValueCodec}s: the ones registered here and the ones found as services
 * when the registry is first used. Any thread may use it.
 */
public final class ValueCodecs {

    /** By exact class; a lookup for a subclass caches what it found. Published through the map. */
    private static final Map<Class<?>, ValueCodec<?>> BY_TYPE = new ConcurrentHashMap<>();
    private static final Map<String, ValueCodec<?>> BY_NAME = new ConcurrentHashMap<>();
    /** Codecs in registration order, for the subclass search. */
    private static final Map<ValueCodec<?>, Boolean> ALL = new ConcurrentHashMap<>();

    static {
        for (ValueCodec<?> codec : ServiceLoader.load(ValueCodec.class, ValueCodecs.class.getClassLoader())) {
            register(codec);
        }
    }

    private ValueCodecs() {
    }

    /**
     * Registers a codec.
     *
     * @param codec the codec
     * @throws IllegalStateException if another codec already handles its type or uses its name
     */
    public static synchronized void register(ValueCodec<?> codec) {
        ValueCodec<?> byType = BY_TYPE.get(codec.type());
        ValueCodec<?> byName = BY_NAME.get(codec.name());
        if (byType == codec && byName == codec) {
            return;
        }
        if (byType != null || byName != null) {
            ValueCodec<?> other = byType != null ? byType : byName;
            throw new IllegalStateException("codec " + codec.name() + " for " + codec.type().getName()
                    + " clashes with the registered codec " + other.name() + " for " + other.type().getName());
        }
        BY_TYPE.put(codec.type(), codec);
        BY_NAME.put(codec.name(), codec);
        ALL.put(codec, Boolean.TRUE);
    }

    /**
     * The codec for values of {@code type}: its own, or the one for its nearest registered
     * supertype.
     *
     * @param type a class
     * @return the codec, if any
     */
    public static Optional<ValueCodec<?>> forType(Class<?> type) {
        ValueCodec<?> codec = BY_TYPE.get(type);
        if (codec == null && !ALL.isEmpty()) {
            for (ValueCodec<?> candidate : ALL.keySet()) {
                if (candidate.type().isAssignableFrom(type)
                        && (codec == null || codec.type().isAssignableFrom(candidate.type()))) {
                    codec = candidate;
                }
            }
        }
        return Optional.ofNullable(codec);
    }

    /**
     * The codec registered under {@code name}.
     *
     * @param name a codec's {@link ValueCodec#name()}
     * @return the codec, if any
     */
    public static Optional<ValueCodec<?>> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
