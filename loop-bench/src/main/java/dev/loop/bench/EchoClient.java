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

    /** Round trips up to this many microseconds are counted exactly; longer ones in the last bucket. */
    private static final int MAX_MICROS = 100_000;

    private final int[] histogram = new int[MAX_MICROS + 1];
    private long roundTrips;
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
        int port = 0;
        String server = "?";
        int connections = 50;
        int size = 64;
        int warmup = 3;
        int seconds = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--server" -> server = args[i + 1];
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                case "--size" -> size = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        new EchoClient().run(port, server, connections, size, warmup, seconds);
    }

    private void run(int port, String server, int connections, int size, int warmup, int seconds) throws Exception {
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
                roundTrips = 0;
                java.util.Arrays.fill(histogram, 0);
            }).sync();
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            long[] result = group.submit(() -> {
                counting = false;
                return new long[] {roundTrips, percentile(0.50), percentile(0.99)};
            }).get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            for (Channel channel : channels) {
                channel.close();
            }
            System.out.println(String.format(Locale.ROOT,
                    "{\"bench\":\"tcpEcho\",\"server\":\"%s\",\"connections\":%d,\"size\":%d,\"round_trips_per_s\":%.0f,\"p50_us\":%d,\"p99_us\":%d}",
                    server, connections, size, result[0] / elapsed, result[1], result[2]));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private long percentile(double p) {
        long target = (long) Math.ceil(p * roundTrips);
        long seen = 0;
        for (int micros = 0; micros <= MAX_MICROS; micros++) {
            seen += histogram[micros];
            if (seen >= target && target > 0) {
                return micros;
            }
        }
        return MAX_MICROS;
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
                    roundTrips++;
                    histogram[(int) Math.min(MAX_MICROS, (System.nanoTime() - sentAt) / 1_000)]++;
                }
                send(context);
            }
        }
    }
}
