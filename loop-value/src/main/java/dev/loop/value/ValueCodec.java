package dev.loop.value;

/**
 * Teaches structured cloning a type of your own: how to turn it into a structured value and back.
 * The same codec serves the in-memory copy that workers use and the binary encoding that process
 * IPC uses, so a type registered once crosses both boundaries.
 *
 * <p>Register a codec with {@link ValueCodecs#register}, or list it as a service
 * ({@code provides dev.loop.value.ValueCodec with ...} in your module, or a
 * {@code META-INF/services/dev.loop.value.ValueCodec} file on the class path). The copy calls
 * {@link #toStructured} on the sender's thread and {@link #fromStructured} on the receiver's; an
 * exception from the latter is reported to the receiver as a {@code messageerror}.
 *
 * <pre>{@code
 * final class MoneyCodec implements ValueCodec<Money> {
 *     public Class<Money> type() { return Money.class; }
 *     public String name() { return "com.example.Money/1"; }
 *     public Object toStructured(Money m) { return List.of(m.currency().getCurrencyCode(), m.amount()); }
 *     public Money fromStructured(Object v) {
 *         List<?> l = (List<?>) v;
 *         return new Money(Currency.getInstance((String) l.get(0)), (BigDecimal) l.get(1));
 *     }
 * }
 * }</pre>
 *
 * @param <T> the type it handles
 */
public interface ValueCodec<T> {

    /**
     * The class this codec handles; instances of subclasses use it too unless a codec for the
     * subclass exists.
     *
     * @return the class
     */
    Class<T> type();

    /**
     * A stable name that identifies this codec in encoded values; include a version if the
     * structured form may change, such as {@code "com.example.Money/1"}.
     *
     * @return the name
     */
    String name();

    /**
     * The structured value that stands for {@code value}.
     *
     * @param value the value to send
     * @return a structured value: may itself hold values that other codecs handle
     */
    Object toStructured(T value);

    /**
     * The value that {@code structured} stands for.
     *
     * @param structured what {@link #toStructured} returned, copied or decoded
     * @return the value
     */
    T fromStructured(Object structured);

    /**
     * A codec from its parts, for when a class of its own would be only these four lines.
     *
     * <pre>{@code
     * ValueCodecs.register(ValueCodec.of(Celsius.class, "com.example.Celsius/1",
     *         c -> c.degrees(), v -> new Celsius((Double) v)));
     * }</pre>
     *
     * @param type the class it handles
     * @param name its stable name in encoded values
     * @param toStructured the structured value that stands for a value
     * @param fromStructured the value a structured value stands for
     * @param <T> the type it handles
     * @return the codec
     */
    static <T> ValueCodec<T> of(Class<T> type, String name, java.util.function.Function<? super T, ?> toStructured,
            java.util.function.Function<Object, ? extends T> fromStructured) {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(toStructured, "toStructured");
        java.util.Objects.requireNonNull(fromStructured, "fromStructured");
        return new ValueCodec<>() {
            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public Object toStructured(T value) {
                return toStructured.apply(value);
            }

            @Override
            public T fromStructured(Object structured) {
                return fromStructured.apply(structured);
            }

            @Override
            public String toString() {
                return "ValueCodec[" + name + " for " + type.getName() + "]";
            }
        };
    }
}
