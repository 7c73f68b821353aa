/**
 * Node's {@code http} on the loop: {@link dev.loop.http.Http#createServer} serves HTTP/1.1 on a
 * loop-io {@code Net} server, with Jetty's HTTP/1.1 parser and generator as the codec (fed the
 * socket's chunks as they arrive, on the loop thread; no Jetty thread, selector or type in the API).
 */
module dev.loop.http {
    // requires: loop-io's types (Io, streams) appear in our signatures; Jetty's codec does not
    requires transitive dev.loop.io;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.util;
    requires org.slf4j;

    // uses: whether an SLF4J provider is installed (Jetty logs through SLF4J)
    uses org.slf4j.spi.SLF4JServiceProvider;

    exports dev.loop.http;
}
