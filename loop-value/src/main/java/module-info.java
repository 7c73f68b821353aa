/**
 * Values that cross a thread or process boundary, and memory shared across them.
 *
 * <p>{@code dev.loop.value} holds structured values (the HTML structured-clone algorithm: deep
 * copies, transfer lists, a versioned binary encoding and a codec SPI for types of your own);
 * {@code dev.loop.value.shared} holds {@code SharedBuffer} and {@code Atomics}. loop-workers posts
 * these values between threads, and loop-process between processes; a program that needs only an
 * event loop (loop-api and loop-core) does not carry them.
 *
 * <p>Records are rebuilt by reflection: a record you send must be public in an exported package, or
 * in a package your module opens to {@code dev.loop.value}.
 */
@SuppressWarnings("module") // the qualified export below names loop-process, which is built after this module
module dev.loop.value {
    // requires: the loop API appears in our signatures (Atomics.waitAsync returns a Promise)
    requires transitive dev.loop.api;

    // exports: structured values and shared memory
    exports dev.loop.value;
    exports dev.loop.value.shared;
    // exports, to loop-process only: buffers over memory other processes map
    exports dev.loop.value.shared.mapped to dev.loop.process;

    // uses: codecs for user types, found by ValueCodecs
    uses dev.loop.value.ValueCodec;
}
