package dev.loop.io.uring;

import dev.loop.io.spi.Completion;
import dev.loop.io.spi.TcpConnection;
import dev.loop.io.spi.TcpIo;
import dev.loop.io.spi.TcpListener;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * TCP on the ring: not yet written. Until it is, the provider ranks this backend below NIO, so
 * only a user who names it gets it, and every TCP call says so.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class UringTcp implements TcpIo {

    UringTcp(UringBackend backend) {
        java.util.Objects.requireNonNull(backend, "backend");
    }

    private static UnsupportedOperationException notYet() {
        return new UnsupportedOperationException("TCP on the io_uring backend is not implemented yet;"
                + " use the nio backend (IoOptions.withBackend(\"nio\")) for sockets");
    }

    @Override
    public void listen(InetSocketAddress address, int backlog, Completion<TcpListener> done) {
        throw notYet();
    }

    @Override
    public void accept(TcpListener listener, Completion<TcpConnection> done) {
        throw notYet();
    }

    @Override
    public void connect(InetSocketAddress address, Completion<TcpConnection> done) {
        throw notYet();
    }

    @Override
    public void read(TcpConnection connection, ByteBuffer into, Completion<Integer> done) {
        throw notYet();
    }

    @Override
    public void read(TcpConnection connection, Completion<ByteBuffer> done) {
        throw notYet();
    }

    @Override
    public void write(TcpConnection connection, ByteBuffer from, Completion<Integer> done) {
        throw notYet();
    }

    @Override
    public void shutdownOutput(TcpConnection connection, Completion<Void> done) {
        throw notYet();
    }

    @Override
    public void configure(TcpConnection connection, boolean noDelay, boolean keepAlive) {
        throw notYet();
    }

    @Override
    public void close(TcpConnection connection, Completion<Void> done) {
        throw notYet();
    }

    @Override
    public void close(TcpListener listener, Completion<Void> done) {
        throw notYet();
    }
}
