/**
 * End-to-end tests across modules, on the module path. The module reads {@code dev.loop.api} and
 * the test kit only: that it can still run a loop, with {@code dev.loop.core} bound through
 * {@link java.util.ServiceLoader}, is the first thing the tests check.
 */
module dev.loop.it {
    // requires: the API and the kit; loop-core is a run-time dependency, never read by this module
    requires dev.loop.api;
    requires dev.loop.testkit;
}
