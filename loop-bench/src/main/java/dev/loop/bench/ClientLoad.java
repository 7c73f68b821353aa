package dev.loop.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the load clients of the out-of-process benchmarks share ({@code EchoClient},
 * {@code HttpClientBench}): Netty's NIO transport on one thread, {@code --connections}
 * connections to 127.0.0.1:{@code --port}, each driven by its own handler; {@code --warmup}
 * seconds, then a timed window of {@code --seconds} over which the handlers' operations are
 * counted and their latencies recorded, and the server's CPU ({@code --pid}) is read around it.
 * The window is timed, not awaited: a benchmark measures what fits in it.
 *
 * <p><b>Thread safety:</b> {@link #record} runs on the client's one event-loop thread; the window
 * is opened and closed on that thread too (through tasks submitted to it).
 */
final class ClientLoad {

    /** The flags every load client takes, and {@code extra}, a client's own. */
    static Set<String> flags(String... extra) {
        Set<String> all = new java.util.HashSet<>(Set.of("port", "pid", "server", "connections", "warmup", "seconds"));
        all.addAll(List.of(extra));
        return all;
    }

    private final LatencyHistogram histogram = new LatencyHistogram();
    private boolean counting;
    private final BenchFlags flags;

    ClientLoad(BenchFlags flags) {
        this.flags = flags;
    }

    /** A handler's operation that took {@code nanos}: recorded while the window is open. */
    void record(long nanos) {
        if (counting) {
            histogram.record(nanos);
        }
    }

    /**
     * Connects, runs the window and returns the JSON fields of its result: the operations per
     * second (named {@code <rate>}), p50 and p99 in microseconds, and the server's CPU per
     * operation (named {@code ..._per_<operation>}).
     */
    String run(Supplier<ChannelHandler> handler, String rate, String operation) throws Exception {
        int port = flags.integer("port", 0);
        long pid = flags.longValue("pid", -1);
        int connections = flags.integer("connections", 50);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(handler.get());
                        }
                    });
            List<Channel> channels = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                channels.add(bootstrap.connect("127.0.0.1", port).sync().channel());
            }
            TimeUnit.SECONDS.sleep(flags.integer("warmup", 3));
            group.submit(() -> {
                counting = true;
                histogram.reset();
            }).sync();
            ServerCpu cpuBefore = ServerCpu.of(pid);
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(flags.integer("seconds", 10));
            long[] result = group.submit(() -> {
                counting = false;
                return new long[] {histogram.count(), histogram.percentile(0.50), histogram.percentile(0.99)};
            }).get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            ServerCpu cpuAfter = ServerCpu.of(pid);
            for (Channel channel : channels) {
                channel.close();
            }
            return String.format(Locale.ROOT, "\"server\":\"%s\",\"connections\":%d,\"%s\":%.0f,\"p50_us\":%d,\"p99_us\":%d,%s",
                    flags.string("server", "?"), connections, rate, result[0] / elapsed, result[1], result[2],
                    cpuAfter.perOperation(cpuBefore, pid, result[0], operation));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
