/**
 * The test kit: an event loop on virtual time, driven from the test thread.
 */
module dev.loop.testkit {
    // requires: the API appears in our signatures
    requires transitive dev.loop.api;

    // exports: the kit
    exports dev.loop.testkit;
}
