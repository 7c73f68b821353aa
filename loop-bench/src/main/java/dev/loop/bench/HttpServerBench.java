package dev.loop.bench;

import dev.loop.http.Http;
import dev.loop.io.Io;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.FullHttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The server side of the HTTP benchmark, in a JVM of its own: loop-http's server on the NIO
 * backend, or Netty 4.2's HTTP codec server with one event-loop thread. Both answer every request
 * with the same small JSON body and the headers Node's {@code http} sends (Content-Type,
 * Content-Length, Date, keep-alive). Prints {@code {"port":N}} when it listens and exits when its
 * standard input closes.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.HttpServerBench --impl loop|netty}.
 */
public final class HttpServerBench {

    /** The body of every answer, as the article's endpoint sends. */
    static final String BODY = "{\"status\":true,\"sent\":true}";

    private HttpServerBench() {
    }

    /**
     * Starts the chosen server.
     *
     * @param args {@code --impl loop|netty}
     * @throws Exception if it cannot listen
     */
    public static void main(String[] args) throws Exception {
        String impl = args.length == 2 && args[0].equals("--impl") ? args[1] : "";
        BenchServers.exitWhenStdinCloses();
        switch (impl) {
            case "loop" -> loop();
            case "netty" -> netty();
            default -> throw new IllegalArgumentException("usage: HttpServerBench --impl loop|netty");
        }
    }

    private static void loop() {
        try (Io io = Io.create()) {
            io.loop().run(() -> Http.createServer(io, (req, res) -> {
                res.setHeader("Content-Type", "application/json");
                res.end(BODY);
            }).listen(0, "127.0.0.1").thenAccept(address -> BenchServers.ready(address.getPort())));
        }
    }

    private static void netty() throws InterruptedException {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        BenchServers.netty(channel -> channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
                        answer(context, request, body);
                    }
                }));
    }

    private static final String KEEP_ALIVE_TIMEOUT = "timeout=5";

    private static void answer(ChannelHandlerContext context, HttpRequest request, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.DATE, nettyDate());
        if (HttpUtil.isKeepAlive(request)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                    .set("Keep-Alive", KEEP_ALIVE_TIMEOUT); // as Node and loop-http send it
            context.writeAndFlush(response);
        } else {
            context.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    /** The Date header, made once a second as Node and loop-http make theirs: the same work on each side. */
    private static String nettyDate() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            dateSecond = second;
            dateText = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC));
        }
        return dateText;
    }

    /** Netty's one event-loop thread is the only one to touch them. */
    private static long dateSecond = -1;
    private static String dateText;
}
