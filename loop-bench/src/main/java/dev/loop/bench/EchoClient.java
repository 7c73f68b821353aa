package dev.loop.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The client side of the TCP echo benchmark, the same for every server: Netty's NIO transport on
 * one thread drives {@code --connections} connections, each sending {@code --size} bytes and
 * waiting for all of them back before sending again (ping-pong). After {@code --warmup} seconds it
 * counts round trips for {@code --seconds} and prints round trips per second and the p50/p99 round
 * trip in microseconds as a JSON line, tagged with {@code --server}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.EchoClient --port N --server NAME
 * [--connections 50] [--size 64] [--warmup 3] [--seconds 10]}.
 */
public final class EchoClient {

    private final LatencyHistogram histogram = new LatencyHistogram();
    private boolean counting;

    private EchoClient() {
    }

    /**
     * Runs the ping-pong and prints the result.
     *
     * @param args see the class comment
     * @throws Exception if it cannot connect
     */
    public static void main(String[] args) throws Exception {
        BenchFlags flags = new BenchFlags(args, java.util.Set.of("port", "pid", "server", "connections", "size", "warmup", "seconds"));
        int port = flags.integer("port", 0);
        long pid = flags.longValue("pid", -1);
        String server = flags.string("server", "?");
        int connections = flags.integer("connections", 50);
        int size = flags.integer("size", 64);
        int warmup = flags.integer("warmup", 3);
        int seconds = flags.integer("seconds", 10);
        new EchoClient().run(port, pid, server, connections, size, warmup, seconds);
    }

    private void run(int port, long pid, String server, int connections, int size, int warmup, int seconds) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            byte[] payload = new byte[size];
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new PingPong(payload));
                        }
                    });
            List<Channel> channels = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                channels.add(bootstrap.connect("127.0.0.1", port).sync().channel());
            }
            TimeUnit.SECONDS.sleep(warmup); // the measurement window is timed, not awaited
            group.submit(() -> {
                counting = true;
                histogram.reset();
            }).sync();
            ServerCpu cpuBefore = ServerCpu.of(pid);
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            long[] result = group.submit(() -> {
                counting = false;
                return new long[] {histogram.count(), histogram.percentile(0.50), histogram.percentile(0.99)};
            }).get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            ServerCpu cpuAfter = ServerCpu.of(pid);
            for (Channel channel : channels) {
                channel.close();
            }
            System.out.println(String.format(Locale.ROOT,
                    "{\"bench\":\"tcpEcho\",\"server\":\"%s\",\"connections\":%d,\"size\":%d,\"round_trips_per_s\":%.0f,\"p50_us\":%d,\"p99_us\":%d,%s}",
                    server, connections, size, result[0] / elapsed, result[1], result[2],
                    cpuAfter.perOperation(cpuBefore, pid, result[0], "round_trip")));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** One connection's ping-pong; runs on the client's single event-loop thread. */
    private final class PingPong extends ChannelInboundHandlerAdapter {
        private final byte[] payload;
        private int pending;
        private long sentAt;

        PingPong(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            send(context);
        }

        private void send(ChannelHandlerContext context) {
            pending = payload.length;
            sentAt = System.nanoTime();
            context.writeAndFlush(Unpooled.wrappedBuffer(payload));
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf data = (ByteBuf) message;
            pending -= data.readableBytes();
            data.release();
            if (pending <= 0) {
                if (counting) {
                    histogram.record(System.nanoTime() - sentAt);
                }
                send(context);
            }
        }
    }
}
