package dev.loop.bench;

import dev.loop.io.Io;
import dev.loop.io.Server;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The server side of the TCP echo benchmark, in a JVM of its own: our {@code Net} server (on the
 * backend {@code -Ddev.loop.io.backend} names, else the best available), or Netty 4.2's NIO or
 * io_uring transport with one event-loop thread, each echoing every chunk back. Prints
 * {@code {"port":N,"pid":P}} when it listens and exits when its standard input closes.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.EchoServer --impl loop|netty|netty-io_uring}.
 */
public final class EchoServer {

    private EchoServer() {
    }

    /**
     * Starts the chosen server.
     *
     * @param args {@code --impl loop|netty|netty-io_uring}
     * @throws Exception if it cannot listen
     */
    public static void main(String[] args) throws Exception {
        String impl = args.length == 2 && args[0].equals("--impl") ? args[1] : "";
        BenchServers.exitWhenStdinCloses();
        switch (impl) {
            case "loop" -> loop();
            case "netty" -> netty(false);
            case "netty-io_uring" -> netty(true);
            default -> throw new IllegalArgumentException("usage: EchoServer --impl loop|netty|netty-io_uring");
        }
    }

    private static void loop() {
        try (Io io = Io.create()) {
            io.loop().run(() -> {
                Server server = io.net().createServer(socket -> socket.setNoDelay(true).onData(socket::write));
                server.listen(0, "127.0.0.1").thenAccept(address -> BenchServers.ready(address.getPort()));
            });
        }
    }

    private static void netty(boolean ioUring) throws InterruptedException {
        BenchServers.netty(ioUring, channel -> channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext context, Object message) {
                context.writeAndFlush(message);
            }
        }));
    }
}
