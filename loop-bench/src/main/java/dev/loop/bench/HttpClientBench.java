package dev.loop.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

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


    private HttpClientBench() {
    }

    /**
     * Runs the load and prints the result.
     *
     * @param args see the class comment
     * @throws Exception if it cannot connect
     */
    public static void main(String[] args) throws Exception {
        BenchFlags flags = new BenchFlags(args, ClientLoad.flags());
        ClientLoad load = new ClientLoad(flags);
        // each connection: a GET, the next one sent when the whole response is in
        String fields = load.run(() -> new KeepAlive(load), "requests_per_s", "request");
        System.out.println("{\"bench\":\"httpKeepAlive\"," + fields + "}");
    }

    /** One keep-alive connection; runs on the client's single event-loop thread. */
    private static final class KeepAlive extends ChannelInboundHandlerAdapter {
        private final ClientLoad load;
        /** The response so far: header bytes until the blank line, then the body's remaining length. */
        private final StringBuilder header = new StringBuilder();
        private long bodyLeft = -1;
        private long sentAt;

        KeepAlive(ClientLoad load) {
            this.load = load;
        }

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
                        load.record(System.nanoTime() - sentAt);
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
