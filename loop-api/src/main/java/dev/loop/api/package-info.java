/**
 * The loop API: {@link dev.loop.api.EventLoop} with Node's phase order, {@link dev.loop.api.Promise}
 * with JavaScript semantics, timer and immediate {@link dev.loop.api.Handle handles} with ref/unref,
 * and {@link dev.loop.api.LoopOptions}.
 *
 * <p><b>Thread safety:</b> each type states which of its methods may be called from any thread; the
 * rest are loop thread only and check it.
 */
package dev.loop.api;
