package dev.loop.io.spi;

/**
 * A kind of I/O backend, found through {@link java.util.ServiceLoader}. The available provider
 * with the highest {@link #priority()} serves a loop unless the user names another, with
 * {@link dev.loop.io.IoOptions#withBackend(String)} or the system property
 * {@value dev.loop.io.IoOptions#BACKEND_PROPERTY}.
 *
 * <p>A third-party backend proves itself by passing loop-io's conformance suite.
 *
 * <p><b>Thread safety:</b> providers are shared; every method may be called from any thread.
 */
public interface IoBackendProvider {

    /**
     * The name users select the backend by, such as {@code nio} or {@code io_uring}: lower case,
     * unique among providers.
     *
     * @return the name
     */
    String name();

    /**
     * Higher wins when the user names no backend. The NIO backend, available everywhere, has 0.
     *
     * @return the priority
     */
    int priority();

    /**
     * Whether this backend can work here (kernel, platform, native access).
     *
     * @return whether {@link #create} may be called; by default true, for a backend that needs
     *     nothing beyond the JDK (a native one overrides it)
     */
    default boolean isAvailable() {
        return true;
    }

    /**
     * Why this backend is not available, for error messages.
     *
     * @return the cause, or null when {@link #isAvailable()}; by default null
     */
    default Throwable unavailabilityCause() {
        return null;
    }

    /**
     * Creates the backend of one loop. Called on the loop's owner thread while the loop is being
     * created; the backend becomes that loop's poller.
     *
     * @param context the loop's side of the poller contract and its work pool; the backend's
     *     {@link FileIo#context()} returns it, so that the file operations it does not do natively
     *     run on the pool
     * @return the backend
     */
    IoBackend create(IoBackendContext context);
}
