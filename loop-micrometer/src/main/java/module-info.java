/**
 * A Micrometer binder for loops: {@link dev.loop.micrometer.LoopMetrics} binds a loop's
 * utilisation, its delay histogram, its counters and its active resources to a
 * {@code MeterRegistry}. Nothing else in loop depends on this module, so a program that does not
 * use Micrometer never sees it.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Micrometer's jars are automatic modules
module dev.loop.micrometer {
    // requires: the loop whose readings we bind appears in our signatures
    requires transitive dev.loop.api;
    // requires: MeterBinder and MeterRegistry appear in our signatures
    requires transitive micrometer.core;

    // exports: the binder
    exports dev.loop.micrometer;
}
