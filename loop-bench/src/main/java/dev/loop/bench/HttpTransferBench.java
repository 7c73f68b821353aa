package dev.loop.bench;

import dev.loop.api.Emitter;
import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.http.Agent;
import dev.loop.http.AgentOptions;
import dev.loop.http.Http;
import dev.loop.http.HttpServer;
import dev.loop.http.RequestOptions;
import dev.loop.io.Io;
import dev.loop.io.ReadableStream;
import dev.loop.io.Streams;
import dev.loop.io.WritableStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Uploads and downloads through loop-http with {@code Streams.pipeline} at both ends, server and
 * client on one loop, as {@code bench/node/http-transfer.js} does with Node's
 * {@code stream.pipeline}: a source of 64 KiB chunks piped into the request (or the response),
 * and the other side piped into a sink that counts. WARMUP transfers of 256 MiB each way
 * (printed with {@code "warmup":true}), then COPIES of SIZE MiB each way, one JSON line each.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.loop.bench.HttpTransferBench [MiB] [COPIES] [WARMUP]}.
 */
public final class HttpTransferBench {

    private static final int CHUNK = 64 * 1024;

    private HttpTransferBench() {
    }

    /**
     * Runs the transfers.
     *
     * @param args the size in MiB (1024), timed copies (3) and warm-up copies (2)
     */
    public static void main(String[] args) {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        try (Io io = Io.create()) {
            EventLoop loop = io.loop();
            loop.run(() -> {
                HttpServer server = Http.createServer(io, (req, res) -> {
                    if (req.method().equals("PUT")) {
                        CountingSink sink = new CountingSink(loop);
                        Streams.pipeline(req, sink).thenAccept(v -> res.end(String.valueOf(sink.count)));
                    } else {
                        long total = Long.parseLong(req.url().substring(1));
                        res.setHeader("Content-Length", String.valueOf(total));
                        Streams.pipeline(new ChunkSource(loop, chunk, total), res);
                    }
                });
                server.listen(0, "127.0.0.1").thenAccept(address -> {
                    Agent agent = Agent.create(io, AgentOptions.defaults().withKeepAlive(true));
                    String base = "http://127.0.0.1:" + address.getPort() + "/";
                    Promise<Void> all = loop.resolved(null);
                    for (int i = 0; i < warmup + copies; i++) {
                        boolean warm = i < warmup;
                        long total = warm ? 256L << 20 : size;
                        all = all.thenCompose(v -> upload(io, agent, base, chunk, total, warm))
                                .thenCompose(v -> download(io, agent, base, total, warm));
                    }
                    all.andFinally(() -> {
                        agent.destroy();
                        server.close();
                    }).catchError(error -> {
                        throw new IllegalStateException("a transfer failed", error);
                    });
                });
            });
        }
    }

    private static Promise<Void> upload(Io io, Agent agent, String base, ByteBuffer chunk, long total, boolean warm) {
        Promise.Resolvers<Void> done = io.loop().withResolvers();
        long start = System.nanoTime();
        var request = Http.request(io, RequestOptions.of(base).withAgent(agent).withMethod("PUT")
                .withHeader("Content-Length", String.valueOf(total)), res -> {
                    StringBuilder body = new StringBuilder();
                    res.onData(c -> body.append(StandardCharsets.UTF_8.decode(c))).onEnd(() -> {
                        report("upload", warm, Long.parseLong(body.toString()), System.nanoTime() - start);
                        done.resolve(null);
                    });
                });
        Streams.pipeline(new ChunkSource(io.loop(), chunk, total), request).catchError(error -> {
            done.reject(error);
            return null;
        });
        return done.promise();
    }

    private static Promise<Void> download(Io io, Agent agent, String base, long total, boolean warm) {
        Promise.Resolvers<Void> done = io.loop().withResolvers();
        long start = System.nanoTime();
        Http.request(io, RequestOptions.of(base + total).withAgent(agent), res -> {
            CountingSink sink = new CountingSink(io.loop());
            Streams.pipeline(res, sink).then(v -> {
                report("download", warm, sink.count, System.nanoTime() - start);
                done.resolve(null);
                return null;
            }, error -> {
                done.reject(error);
                return null;
            });
        }).end();
        return done.promise();
    }

    private static void report(String name, boolean warm, long bytes, long nanos) {
        System.out.printf(Locale.ROOT, "{\"side\":\"loop\",\"case\":\"%s\",\"warmup\":%b,\"bytes\":%d,\"mib_per_s\":%.1f}%n",
                name, warm, bytes, bytes / 1048576.0 / (nanos / 1e9));
    }

    /**
     * Views of one 64 KiB chunk until {@code total} bytes, as Node's
     * {@code new Readable({read() {push(chunk)}})}: flowing once a data listener is added, paused
     * and resumed by the pipeline's back pressure.
     */
    private static final class ChunkSource implements ReadableStream {
        private final EventLoop loop;
        private final ByteBuffer chunk;
        private final long total;
        private final Emitter events = new Emitter(this::listenersChanged);
        private long sent;
        private boolean paused;
        private boolean scheduled;
        private boolean done;

        ChunkSource(EventLoop loop, ByteBuffer chunk, long total) {
            this.loop = loop;
            this.chunk = chunk;
            this.total = total;
        }

        private void listenersChanged(dev.loop.api.Event<?> event) {
            if (event == Streams.DATA && events.listenerCount(Streams.DATA) > 0) {
                flowSoon();
            }
        }

        private void flowSoon() {
            if (!scheduled && !done) {
                scheduled = true;
                loop.setImmediate(this::flow);
            }
        }

        private void flow() {
            scheduled = false;
            while (!paused && !done && sent < total) {
                int length = (int) Math.min(chunk.capacity(), total - sent);
                sent += length;
                events.emit(Streams.DATA, chunk.duplicate().limit(length));
            }
            if (sent >= total && !done) {
                done = true;
                events.emit(Streams.END);
                loop.nextTick(() -> events.emit(Streams.CLOSE));
            }
        }

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
            flowSoon();
        }

        @Override
        public void destroy() {
            if (!done) {
                done = true;
                loop.nextTick(() -> events.emit(Streams.CLOSE));
            }
        }

        @Override
        public Emitter emitter() {
            return events;
        }
    }

    /** Counts what it is given, as Node's {@code new Writable({write(c, e, cb) {n += c.length; cb()}})}. */
    private static final class CountingSink implements WritableStream {
        private final EventLoop loop;
        private final Emitter events = new Emitter();
        private long count;
        private boolean ended;

        CountingSink(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public boolean write(ByteBuffer data) {
            count += data.remaining();
            return true;
        }

        @Override
        public void end() {
            if (!ended) {
                ended = true;
                loop.nextTick(() -> {
                    events.emit(Streams.FINISH);
                    events.emit(Streams.CLOSE);
                });
            }
        }

        @Override
        public void destroy() {
            end();
        }

        @Override
        public Emitter emitter() {
            return events;
        }
    }
}
