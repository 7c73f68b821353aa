package dev.loop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.io.Io;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same raw requests to Node's http server and to ours, both answering as the same handler:
 * the status line, the framing headers (Content-Type, Content-Length, Transfer-Encoding,
 * Connection, Keep-Alive) and the body bytes of the first response must match. Date and the
 * order of the other headers differ by design and are not compared. Skipped without {@code node} on the PATH.
 */
@org.junit.jupiter.api.Timeout(60)
class NodeDifferentialTest {

    private static final List<String> REQUESTS = List.of(
            "GET /plain?q=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "HEAD /head HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "POST /length HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
            "POST /chunks HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "GET /chunked HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "GET /status/404 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "GET /status/204 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "GET /old HTTP/1.0\r\n\r\n",
            "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
            "GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\n\r\n",
            "GET /old-kept HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /then HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "GET /kept HTTP/1.1\r\nHost: a\r\n\r\nGET /then HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            "GET / HTTP/1.1\nHost: a\n\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: a\r\n b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\nab",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5x\r\n\r\nabcde",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            "GET / HTTP/1.1\rHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n");

    @Test
    void nodeAndWeAnswerTheSame(@TempDir Path dir) throws Exception {
        Process node = startNode(dir);
        Assumptions.assumeTrue(node != null, "node is not on the PATH");
        CompletableFuture<Integer> ours = new CompletableFuture<>();
        CompletableFuture<HttpServer> serving = new CompletableFuture<>();
        CompletableFuture<dev.loop.api.EventLoop> loops = new CompletableFuture<>();
        Thread loop = Thread.ofPlatform().start(() -> {
            try (Io io = Io.create()) { // a loop belongs to the thread that makes it
                loops.complete(io.loop());
                io.loop().run(() -> {
                    HttpServer server = Http.createServer(io, NodeDifferentialTest::handle);
                    serving.complete(server);
                    server.listen(0, "127.0.0.1").thenAccept(address -> ours.complete(address.getPort()));
                });
            } catch (RuntimeException e) {
                ours.completeExceptionally(e);
            }
        });
        try {
            int nodePort = port(node);
            int ourPort = ours.get(10, TimeUnit.SECONDS);
            for (String request : REQUESTS) {
                String shown = request.length() > 80 ? request.substring(0, 80) + "..." : request;
                shown = shown.replace("\r", "\\r").replace("\n", "\\n");
                java.util.Map<String, String> theirs = essentials(exchange(nodePort, request));
                java.util.Map<String, String> mine = essentials(exchange(ourPort, request));
                for (String part : theirs.keySet()) {
                    // the status line and body always; a header where both send it (Node leaves out
                    // a length on a connection that closes after the body; we send it)
                    if (mine.containsKey(part) || part.equals("status") || part.equals("body")) {
                        assertEquals(theirs.get(part), mine.get(part), part + " of " + shown);
                    }
                }
            }
        } finally {
            HttpServer server = serving.getNow(null);
            if (server != null) {
                loops.get().execute(server::close);
            }
            loop.join(10_000);
            node.getOutputStream().close();
            node.waitFor(10, TimeUnit.SECONDS);
            node.destroyForcibly();
        }
    }

    /** The handler of differential-server.js, line for line. */
    static void handle(IncomingMessage req, ServerResponse res) {
        long[] length = {0};
        req.onData(chunk -> length[0] += chunk.remaining()).onEnd(() -> {
            int status = req.url().startsWith("/status/") ? Integer.parseInt(req.url().substring("/status/".length())) : 200;
            res.setStatusCode(status);
            res.setHeader("Content-Type", "application/json");
            if (req.url().equals("/chunked")) {
                res.write("{\"part\":1}");
                res.end("{\"part\":2}");
                return;
            }
            res.end("{\"method\":\"" + req.method() + "\",\"url\":\"" + req.url() + "\",\"length\":" + length[0] + "}");
        });
    }

    /** The status line, the framing headers, whether it closes (for a refusal), and the body. */
    private static java.util.Map<String, String> essentials(String response) {
        java.util.Map<String, String> parts = new java.util.LinkedHashMap<>();
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            parts.put("status", "(no complete head) " + response);
            return parts;
        }
        String[] lines = response.substring(0, end).split("\r\n");
        parts.put("status", lines[0]);
        for (String name : List.of("content-type", "content-length", "transfer-encoding", "connection", "keep-alive")) {
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    parts.put(name, lines[i].substring(colon + 1).trim());
                }
            }
        }
        String body = parts.containsKey("content-length") // the first response only, of a pipelined pair
                ? response.substring(end + 4, Math.min(response.length(), end + 4 + Integer.parseInt(parts.get("content-length"))))
                : response.substring(end + 4);
        parts.put("body", "chunked".equals(parts.get("transfer-encoding"))
                ? dechunked(body) // chunk sizes are hex in either case: Node writes "a", Jetty "A"
                : body);
        return parts;
    }

    /** The bytes a chunked body carries, and whether it ended with its last chunk. */
    private static String dechunked(String framed) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = framed.indexOf("\r\n", at);
            if (lineEnd < 0) {
                return body + " (no last chunk)";
            }
            int size = Integer.parseInt(framed.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(framed, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static Process startNode(Path dir) throws IOException {
        Path script = dir.resolve("differential-server.js");
        try (InputStream in = NodeDifferentialTest.class.getResourceAsStream("/differential-server.js")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            return new ProcessBuilder("node", script.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException notInstalled) {
            return null;
        }
    }

    private static int port(Process node) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        List<String> ignored = new ArrayList<>();
        ignored.add(line);
        return Integer.parseInt(line.replaceAll(".*\"port\":(\\d+).*", "$1"));
    }
}
