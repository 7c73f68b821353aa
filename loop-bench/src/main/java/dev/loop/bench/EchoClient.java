package dev.loop.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

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


    private EchoClient() {
    }

    /**
     * Runs the ping-pong and prints the result.
     *
     * @param args see the class comment
     * @throws Exception if it cannot connect
     */
    public static void main(String[] args) throws Exception {
        BenchFlags flags = new BenchFlags(args, ClientLoad.flags("size"));
        ClientLoad load = new ClientLoad(flags);
        int size = flags.integer("size", 64);
        String fields = load.run(() -> new PingPong(load, new byte[size]), "round_trips_per_s", "round_trip");
        System.out.println("{\"bench\":\"tcpEcho\"," + fields + ",\"size\":" + size + "}");
    }

    /** One connection's ping-pong; runs on the client's single event-loop thread. */
    private static final class PingPong extends ChannelInboundHandlerAdapter {
        private final ClientLoad load;
        private final byte[] payload;
        private int pending;
        private long sentAt;

        PingPong(ClientLoad load, byte[] payload) {
            this.load = load;
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
                load.record(System.nanoTime() - sentAt);
                send(context);
            }
        }
    }
}
