package dev.loop.io.spi;

import java.net.InetSocketAddress;

/**
 * A connected TCP socket, as a backend represents it.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
public interface TcpConnection {

    /**
     * This end's address.
     *
     * @return the local address
     */
    InetSocketAddress localAddress();

    /**
     * The peer's address.
     *
     * @return the remote address
     */
    InetSocketAddress remoteAddress();
}
