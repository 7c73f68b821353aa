package dev.loop.io.spi;

import java.net.InetSocketAddress;

/**
 * A listening TCP socket, as a backend represents it.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
public interface TcpListener {

    /**
     * The address it listens on (with the port the system chose, if it was 0).
     *
     * @return the local address
     */
    InetSocketAddress localAddress();
}
