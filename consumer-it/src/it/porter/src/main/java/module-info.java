/**
 * A Node porter's application, written from loop's README alone: a script of timers and promises,
 * a job server on Net with Work.offload, the article's REST endpoint on loop-http, a file
 * pipeline, a worker pool on shared memory, an I/O backend of its own that loop-tck proves, and the
 * loop's health in a Micrometer registry.
 */
module com.example.porter {
    requires dev.loop.api;        // loop-core is bound through ServiceLoader; no requires needed
    requires dev.loop.io;
    requires dev.loop.workers;    // it reads loop-value for us
    requires dev.loop.http;
    requires dev.loop.micrometer; // its meters; it brings Micrometer (automatic modules) with it
    opens com.example.porter.jobs to dev.loop.value;   // the records the workers post

    exports com.example.porter;
    exports com.example.porter.jobs;
    exports com.example.porter.backend;

    uses dev.loop.io.spi.IoBackendProvider;            // the counting backend wraps NIO
    provides dev.loop.io.spi.IoBackendProvider with com.example.porter.backend.CountingBackendProvider;
}
