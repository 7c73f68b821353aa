/**
 * Structured values (DESIGN §3): what may cross a thread or process boundary.
 * {@link dev.loop.api.value.StructuredClone} copies them in memory, in two halves
 * ({@link dev.loop.api.value.StructuredClone#serialize serialize} on the sender,
 * {@link dev.loop.api.value.Serialized#deserialize deserialize} on the receiver), with transfer lists
 * that move {@link dev.loop.api.value.ArrayBuffer}s and other {@link dev.loop.api.value.Transferable}s;
 * {@link dev.loop.api.value.ValueEncoding} writes the same values as versioned bytes; a
 * {@link dev.loop.api.value.ValueCodec} adds a type of your own to both.
 * {@link dev.loop.api.value.DataCloneException} names the path of whatever cannot cross.
 */
package dev.loop.api.value;
