/**
 * Shared memory between threads (JavaScript's {@code SharedArrayBuffer} and {@code Atomics}):
 * {@link dev.loop.value.shared.SharedBuffer} is off-heap memory that is shared, never copied, when
 * posted; {@link dev.loop.value.shared.Int32Array} and {@link dev.loop.value.shared.Int64Array} are its
 * bounds-checked views; {@link dev.loop.value.shared.Atomics} gives ECMAScript's sequentially
 * consistent operations, {@code wait}/{@code waitAsync} and {@code notify}.
 */
package dev.loop.value.shared;
