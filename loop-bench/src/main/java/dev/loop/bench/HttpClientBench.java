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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The client side of the HTTP benchmark, the same for every server: Netty's NIO transport on one
 * thread drives {@code --connections} keep-alive connections, each sending a small GET and waiting
 * for the whole response (its headers, then Content-Length bytes) before the next. The client does
 * no more per response than find the header end and the length, so that it can saturate the
 * server. After {@code --warmup} seconds it counts responses for {@code --seconds}, and reads the
 * server's CPU time from {@code /proc/PID/stat} over the same window. Prints one JSON line: requests
 * per second, p50/p99 latency in microseconds, and server CPU microseconds per request.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.HttpClientBench --port N --pid P --server NAME
 * [--connections 50] [--warmup 3] [--seconds 10]}.
 */
public final class HttpClientBench {

    private static final byte[] REQUEST = "GET /api/v1/status HTTP/1.1\r\nHost: bench\r\nAccept: */*\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final LatencyHistogram histogram = new LatencyHistogram();
    private boolean counting;

    private HttpClientBench() {
    }

    /**
     * Runs the load and prints the result.
     *
     * @param args see the class comment
     * @throws Exception if it cannot connect
     */
    public static void main(String[] args) throws Exception {
        BenchFlags flags = new BenchFlags(args, java.util.Set.of("port", "pid", "server", "connections", "warmup", "seconds"));
        int port = flags.integer("port", 0);
        long pid = flags.longValue("pid", -1);
        String server = flags.string("server", "?");
        int connections = flags.integer("connections", 50);
        int warmup = flags.integer("warmup", 3);
        int seconds = flags.integer("seconds", 10);
        new HttpClientBench().run(port, pid, server, connections, warmup, seconds);
    }

    private void run(int port, long pid, String server, int connections, int warmup, int seconds) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new KeepAlive());
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
            ServerCpu cpuAfter = ServerCpu.of(pid);
            double elapsed = (System.nanoTime() - start) / 1e9;
            for (Channel channel : channels) {
                channel.close();
            }
            System.out.println(String.format(Locale.ROOT,
                    "{\"bench\":\"httpKeepAlive\",\"server\":\"%s\",\"connections\":%d,\"requests_per_s\":%.0f,"
                            + "\"p50_us\":%d,\"p99_us\":%d,%s}",
                    server, connections, result[0] / elapsed, result[1], result[2],
                    cpuAfter.perOperation(cpuBefore, pid, result[0], "request")));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** One keep-alive connection; runs on the client's single event-loop thread. */
    private final class KeepAlive extends ChannelInboundHandlerAdapter {
        /** The response so far: header bytes until the blank line, then the body's remaining length. */
        private final StringBuilder header = new StringBuilder();
        private long bodyLeft = -1;
        private long sentAt;

        @Override
        public void channelActive(ChannelHandlerContext context) {
            send(context);
        }

        private void send(ChannelHandlerContext context) {
            header.setLength(0);
            bodyLeft = -1;
            sentAt = System.nanoTime();
            context.writeAndFlush(Unpooled.wrappedBuffer(REQUEST));
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf data = (ByteBuf) message;
            try {
                while (data.isReadable()) {
                    if (bodyLeft < 0) {
                        header.append((char) data.readByte());
                        int length = header.length();
                        if (length >= 4 && header.charAt(length - 1) == '\n' && header.charAt(length - 2) == '\r'
                                && header.charAt(length - 3) == '\n' && header.charAt(length - 4) == '\r') {
                            bodyLeft = contentLength(header);
                        }
                    } else {
                        int take = (int) Math.min(bodyLeft, data.readableBytes());
                        data.skipBytes(take);
                        bodyLeft -= take;
                    }
                    if (bodyLeft == 0) {
                        if (counting) {
                            histogram.record(System.nanoTime() - sentAt);
                        }
                        send(context);
                    }
                }
            } finally {
                data.release();
            }
        }

        private long contentLength(CharSequence headers) {
            String text = headers.toString().toLowerCase(Locale.ROOT);
            int at = text.indexOf("\r\ncontent-length:");
            if (at < 0) {
                throw new IllegalStateException("the benchmark needs a Content-Length: " + headers);
            }
            int end = text.indexOf("\r\n", at + 2);
            return Long.parseLong(text.substring(at + "\r\ncontent-length:".length(), end).strip());
        }
    }
}
