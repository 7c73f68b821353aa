package dev.loop.io;

import dev.loop.io.spi.Completion;
import dev.loop.io.spi.IoResourceKinds;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Host names to addresses for {@link Net} and {@link Server}: an address literal at once, a name
 * through the {@link HostResolver} on the work pool (libuv's {@code getaddrinfo} request), so a
 * slow resolver holds up no callback. The request keeps the loop alive while it runs.
 *
 * <p><b>Thread safety:</b> loop thread only; the resolver runs on a pool thread.
 */
final class Lookup {

    private final WorkRequests requests;
    private final HostResolver resolver;

    Lookup(WorkRequests requests, HostResolver resolver) {
        this.requests = requests;
        this.resolver = resolver;
    }

    /**
     * Resolves {@code host}; {@code done} runs on the loop: at once for a literal, else after the
     * pool's answer, with a {@link HostNotFoundException} when the name has no address.
     */
    void resolve(String host, Completion<List<InetAddress>> done) {
        InetAddress literal = literal(host);
        if (literal != null) {
            done.succeeded(List.of(literal));
            return;
        }
        requests.offload(IoResourceKinds.DNS_LOOKUP, () -> {
            List<InetAddress> addresses = resolver.resolve(host);
            if (addresses == null || addresses.isEmpty()) {
                throw new UnknownHostException(host + " has no address");
            }
            return List.copyOf(addresses);
        }, Completion.of(done::succeeded, error -> done.failed(error instanceof UnknownHostException unknown
                ? new HostNotFoundException("getaddrinfo ENOTFOUND " + host + ": the host name is unknown", unknown)
                : error)));
    }

    /** The address {@code host} spells (an IPv4 or IPv6 literal), or null for a name. */
    private static InetAddress literal(String host) {
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }
}
