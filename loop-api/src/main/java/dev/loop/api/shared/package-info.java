/**
 * Shared memory between threads (JavaScript's {@code SharedArrayBuffer} and {@code Atomics}):
 * {@link dev.loop.api.shared.SharedBuffer} is off-heap memory that is shared, never copied, when
 * posted; {@link dev.loop.api.shared.Int32Array} and {@link dev.loop.api.shared.Int64Array} are its
 * bounds-checked views; {@link dev.loop.api.shared.Atomics} gives ECMAScript's sequentially
 * consistent operations, {@code wait}/{@code waitAsync} and {@code notify}.
 */
package dev.loop.api.shared;
