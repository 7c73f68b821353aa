/**
 * The runnable tour: the Node.js event-loop article's examples, in Java. Run it with
 * {@code java --module-path <jars> -m dev.loop.examples/dev.loop.examples.Tour}, or from the repository
 * root with {@code ./mvnw -q -B -Ptour -DskipTests install -pl loop-examples -am}.
 */
module dev.loop.examples {
    // requires: the API, loop-io, loop-http, loop-workers and loop-process; the loop binds loop-core (on the module path) through ServiceLoader
    requires dev.loop.api;
    requires dev.loop.io;
    requires dev.loop.http;
    requires dev.loop.workers;
    requires dev.loop.process;
    // requires: the health stop routes the blocked-loop detector's log (System.Logger) to its output
    requires java.logging;
}
