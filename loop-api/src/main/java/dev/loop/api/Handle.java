package dev.loop.api;

/**
 * Something on a loop that may keep it alive: a timer, an immediate, a keep-alive token, later a
 * socket. A referenced, open handle keeps {@link EventLoop#run()} from returning; an unreferenced one
 * does not (libuv's {@code uv_ref}/{@code uv_unref}).
 *
 * <p><b>Thread safety:</b> {@link #close()} may be called from any thread (a call from another thread
 * is forwarded to the loop and takes effect in its next poll phase); {@link #ref()}, {@link #unref()}
 * and {@link #hasRef()} are loop thread only.
 */
public interface Handle {

    /**
     * Makes this handle keep the loop alive again. Idempotent. Loop thread only.
     *
     * @return this handle
     */
    Handle ref();

    /**
     * Lets the loop exit even while this handle is open. Idempotent. Loop thread only.
     *
     * @return this handle
     */
    Handle unref();

    /**
     * Whether this handle keeps the loop alive while it is open. Loop thread only.
     *
     * @return the ref flag
     */
    boolean hasRef();

    /**
     * Whether this handle is still open: a timer not yet fired or cancelled, an immediate not yet
     * run. Loop thread only.
     *
     * @return whether it is active
     */
    boolean isActive();

    /** Closes the handle: cancels a timer or an immediate. Idempotent; any thread may call it. */
    void close();

    /**
     * Closes the handle and runs {@code closeCallback} in the close phase of this iteration
     * ({@code uv_close}). A second close does nothing and never runs its callback. Loop thread only.
     *
     * @param closeCallback what to run once the handle is closed
     * @throws NullPointerException if {@code closeCallback} is null
     * @throws IllegalStateException off the loop thread
     */
    void close(Runnable closeCallback);
}
