/**
 * Structured values: what may cross a thread or process boundary.
 * {@link dev.loop.value.StructuredClone} copies them in memory, in two halves
 * ({@link dev.loop.value.StructuredClone#serialize serialize} on the sender,
 * {@link dev.loop.value.Serialized#deserialize deserialize} on the receiver), with transfer lists
 * that move {@link dev.loop.value.ArrayBuffer}s and other {@link dev.loop.value.Transferable}s;
 * {@link dev.loop.value.ValueEncoding} writes the same values as versioned bytes; a
 * {@link dev.loop.value.ValueCodec} adds a type of your own to both.
 * {@link dev.loop.value.DataCloneException} names the path of whatever cannot cross.
 *
 * <p>{@link dev.loop.value.StructuredClone} defines what a structured value is, and the two rules
 * that keep every walk of one bounded: map keys and set elements are scalars, enum constants,
 * codec values or small records of those, never containers; and a value nests at most
 * {@link dev.loop.value.StructuredClone#maxDepth()} levels (1,000 unless the system property
 * {@code dev.loop.value.maxDepth} says otherwise). {@link dev.loop.value.ValueEncoding#decode}
 * survives any bytes: a value or a {@code DataCloneException}, in time and memory linear in them.
 */
package dev.loop.value;
