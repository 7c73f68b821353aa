/**
 * Structured values: what may cross a thread or process boundary.
 * {@link dev.loop.value.StructuredClone} copies them in memory, in two halves
 * ({@link dev.loop.value.StructuredClone#serialize serialize} on the sender,
 * {@link dev.loop.value.Serialized#deserialize deserialize} on the receiver), with transfer lists
 * that move {@link dev.loop.value.ArrayBuffer}s and other {@link dev.loop.value.Transferable}s;
 * {@link dev.loop.value.ValueEncoding} writes the same values as versioned bytes; a
 * {@link dev.loop.value.ValueCodec} adds a type of your own to both.
 * {@link dev.loop.value.DataCloneException} names the path of whatever cannot cross.
 */
package dev.loop.value;
