package dev.loop.io;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses, as libuv's {@code getaddrinfo} does for Node's
 * {@code dns.lookup}. {@link Net} calls it on the work pool, never on the loop thread, so it may
 * block. Set one with {@link IoOptions#withHostResolver}.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * The addresses of {@code host}, in the order to try them.
     *
     * @param host a host name (never an address literal: those need no resolving)
     * @return at least one address
     * @throws UnknownHostException if the name has none
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * The system's resolver ({@link InetAddress#getAllByName}).
     *
     * @return the resolver
     */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
