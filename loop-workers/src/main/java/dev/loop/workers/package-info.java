/**
 * Node's {@code worker_threads}: {@link dev.loop.workers.Worker} threads that each run an event loop
 * of their own, {@link dev.loop.workers.MessageChannel}s of two {@link dev.loop.workers.MessagePort}s,
 * and {@link dev.loop.workers.BroadcastChannel}s. Messages are structured values
 * ({@code dev.loop.value}) and arrive in the receiving loop's poll phase.
 *
 * <p><b>Threads:</b> a worker, port or channel is owned by the loop thread that created or started
 * it, and its listener methods run there; {@code postMessage} may be called from any thread.
 */
package dev.loop.workers;
