package dev.loop.io.spi;

import dev.loop.api.ResourceKind;

/**
 * The {@link ResourceKind}s of I/O, under which {@code EventLoop.activeResources()} lists what a
 * backend keeps its loop alive for. A backend counts each request with the kind of its operation
 * ({@code PollerContext.requestStarted(kind)}) and each connection's and listener's pending read
 * or accept through a {@link HandleLiveness} of its kind.
 *
 * <p>A request counts from the call that starts it until its {@link Completion} has been delivered,
 * even when the operation finished at once (a connect to loopback, a write the kernel took whole):
 * the loop stays alive for the callback, and {@code activeResources()} shows the request until then.
 * A {@code readFile} is one request, whatever steps it takes. loop-tck's
 * {@code ActiveResourcesConformance} checks this for a backend.
 */
public final class IoResourceKinds {

    /** A connection reading (Node's {@code TCPSocketWrap}). */
    public static final ResourceKind TCP_SOCKET = ResourceKind.of("TCPSocket");
    /** A listener accepting (Node's {@code TCPServerWrap}). */
    public static final ResourceKind TCP_SERVER = ResourceKind.of("TCPServer");
    /** A connect under way (Node's {@code TCPConnectWrap}). */
    public static final ResourceKind TCP_CONNECT = ResourceKind.of("TCPConnect");
    /** A write whose completion has not been delivered yet (Node's {@code WriteWrap}). */
    public static final ResourceKind TCP_WRITE = ResourceKind.of("TCPWrite");
    /** A shutdown of the sending side waiting for its writes (Node's {@code ShutdownWrap}). */
    public static final ResourceKind TCP_SHUTDOWN = ResourceKind.of("TCPShutdown");
    /** A file system call in flight (Node's {@code FSReqCallback}). */
    public static final ResourceKind FS = ResourceKind.of("FSReqCallback");
    /** A host name lookup in flight (Node's {@code GetAddrInfoReqWrap}). */
    public static final ResourceKind DNS_LOOKUP = ResourceKind.of("DNSLookup");

    private IoResourceKinds() {
    }
}
