/**
 * The test kit: an event loop on virtual time driven from the test thread, traces, seeded choices,
 * and scheduling programs with a reference model to property-test against.
 */
module dev.loop.testkit {
    // requires: the API appears in our signatures
    requires transitive dev.loop.api;
    // optional: only Programs needs jqwik, and a property that uses Programs has it
    requires static net.jqwik.api;

    // exports: the kit
    exports dev.loop.testkit;
    exports dev.loop.testkit.program;
}
