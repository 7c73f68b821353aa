package dev.loop.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/** What the benchmark servers share: saying where they listen, and stopping with their driver. */
final class BenchServers {

    private BenchServers() {
    }

    /** Prints {@code {"port":N,"pid":P}}, the line the driver scripts wait for. */
    static void ready(int port) {
        System.out.println("{\"port\":" + port + ",\"pid\":" + ProcessHandle.current().pid() + "}");
        System.out.flush();
    }

    /** Exits the process when standard input closes: the driver stops a server by closing the pipe. */
    static void exitWhenStdinCloses() {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the driver never writes
                }
            } catch (IOException e) {
                // the pipe broke: stop as well
            }
            System.exit(0);
        });
    }

    /**
     * The Netty baseline of a benchmark: one event-loop thread of Netty's NIO transport, or of its
     * io_uring transport when {@code ioUring}, TCP_NODELAY, each accepted channel's pipeline set
     * up by {@code pipeline}; says where it listens, then serves until standard input closes.
     */
    static void netty(boolean ioUring, Consumer<SocketChannel> pipeline) throws InterruptedException {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                ioUring ? io.netty.channel.uring.IoUringIoHandler.newFactory() : NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(group)
                .channel(ioUring ? io.netty.channel.uring.IoUringServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        pipeline.accept(channel);
                    }
                });
        InetSocketAddress address = (InetSocketAddress) bootstrap.bind("127.0.0.1", 0).sync().channel().localAddress();
        ready(address.getPort());
        Thread.currentThread().join(); // until stdin closes
    }

    /** {@link #netty(boolean, Consumer)} on NIO. */
    static void netty(Consumer<SocketChannel> pipeline) throws InterruptedException {
        netty(false, pipeline);
    }
}
