package dev.loop.bench;

import dev.loop.http.Agent;
import dev.loop.http.AgentOptions;
import dev.loop.http.ClientRequest;
import dev.loop.http.Http;
import dev.loop.http.HttpServer;
import dev.loop.http.RequestOptions;
import dev.loop.io.Io;
import dev.loop.io.WritableStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A 1 GiB upload and a 1 GiB download through loop-http, server and client on one loop, as
 * {@code bench/node/http-transfer.js} does in Node: 64 KiB chunks written with back pressure
 * (write until false, then wait for drain), counted on the other side. Prints one JSON line per case.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.HttpTransferBench [MiB]}.
 */
public final class HttpTransferBench {

    private HttpTransferBench() {
    }

    /**
     * Runs both cases.
     *
     * @param args the size in MiB, 1024 by default
     */
    public static void main(String[] args) {
        long total = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        try (Io io = Io.create()) {
            io.loop().run(() -> {
                HttpServer server = Http.createServer(io, (req, res) -> {
                    if (req.method().equals("PUT")) {
                        long[] got = {0};
                        req.onData(c -> got[0] += c.remaining()).onEnd(() -> res.end(String.valueOf(got[0])));
                    } else {
                        res.setHeader("Content-Length", String.valueOf(total));
                        pump(res, chunk, total);
                    }
                });
                server.listen(0, "127.0.0.1").thenAccept(address -> {
                    Agent agent = Agent.create(io, AgentOptions.defaults().withKeepAlive(true));
                    RequestOptions base = RequestOptions.of("http://127.0.0.1:" + address.getPort() + "/").withAgent(agent);
                    long uploadStart = System.nanoTime();
                    ClientRequest upload = Http.request(io, base.withMethod("PUT")
                            .withHeader("Content-Length", String.valueOf(total)), res -> {
                                StringBuilder body = new StringBuilder();
                                res.onData(c -> body.append(StandardCharsets.UTF_8.decode(c))).onEnd(() -> {
                                    report("upload", Long.parseLong(body.toString()), System.nanoTime() - uploadStart);
                                    long downloadStart = System.nanoTime();
                                    Http.request(io, base, download -> {
                                        long[] got = {0};
                                        download.onData(c -> got[0] += c.remaining()).onEnd(() -> {
                                            report("download", got[0], System.nanoTime() - downloadStart);
                                            agent.destroy();
                                            server.close();
                                        });
                                    }).end();
                                });
                            });
                    pump(upload, chunk, total);
                });
            });
        }
    }

    /** Writes {@code total} bytes of {@code chunk} views with back pressure, then ends. */
    private static void pump(WritableStream out, ByteBuffer chunk, long total) {
        long[] sent = {0};
        Runnable[] more = new Runnable[1];
        more[0] = () -> {
            while (sent[0] < total) {
                sent[0] += chunk.capacity();
                if (!out.write(chunk.duplicate())) {
                    out.once(dev.loop.io.Streams.DRAIN, more[0]);
                    return;
                }
            }
            out.end();
        };
        more[0].run();
    }

    private static void report(String name, long bytes, long nanos) {
        System.out.printf(Locale.ROOT, "{\"side\":\"loop\",\"case\":\"%s\",\"bytes\":%d,\"mib_per_s\":%.1f}%n",
                name, bytes, bytes / 1048576.0 / (nanos / 1e9));
    }
}
