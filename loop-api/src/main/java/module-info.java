/**
 * The loop API: {@link dev.loop.api.EventLoop}, {@link dev.loop.api.Promise}, handles, and the
 * service-provider interfaces in {@code dev.loop.spi} that implementations plug into.
 *
 * <p>Write code against this module and put an implementation (loop-core) on the module path:
 * {@link dev.loop.api.EventLoop#create()} finds it with {@link java.util.ServiceLoader}. Values that
 * cross threads and processes, and shared memory, are in loop-value ({@code dev.loop.value}).
 */
module dev.loop.api {
    // exports: the user API and the SPIs
    exports dev.loop.api;
    exports dev.loop.spi;

    // uses: EventLoop.create() looks up its implementation
    uses dev.loop.spi.LoopProvider;
}
