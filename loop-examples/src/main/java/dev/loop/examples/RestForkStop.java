package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import dev.loop.io.Server;
import dev.loop.io.Socket;
import dev.loop.process.ChildContext;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.Processes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The article's REST endpoint: {@code POST /api/v1/process} answers at once with
 * {@code {"status": true, "sent": true}}, forks a child for the long-running job, sends it the
 * request's data, and logs the result when the child sends it back. The HTTP part is the least a
 * POST needs (request line, headers, Content-Length); this library has no HTTP module yet.
 */
final class RestForkStop implements Stop {

    @Override
    public String title() {
        return "A REST endpoint that forks a child per job and answers at once";
    }

    @Override
    public void run(Io io, PrintStream out) {
        EventLoop loop = io.loop();
        loop.run(() -> {
            Server server = io.net().createServer(socket -> new HttpRequest(socket, request -> {
                if (!request.method().equals("POST") || !request.path().startsWith("/api/v1/")) {
                    respond(socket, "404 Not Found", "{\"status\": false}");
                    return;
                }
                // Answer now; the job runs in a child JVM.
                respond(socket, "200 OK", "{\"status\": true, \"sent\": true}");
                ChildProcess child = Processes.fork(ForkOptions.of(MlAlgo.class));
                child.onMessage(result -> {
                    out.println("ml_algo executed with " + result);
                    child.disconnect();
                });
                child.send(request.body());
            }));
            server.listen(0, "127.0.0.1").thenAccept(address -> {
                out.println("server: listening");
                Socket client = io.net().connect(address.getPort(), "127.0.0.1");
                String body = "[4, 8, 15, 16, 23, 42]";
                client.onConnect(() -> client.write(("POST /api/v1/process HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                                .getBytes(StandardCharsets.US_ASCII)))
                        .onData(data -> {
                            String response = StandardCharsets.UTF_8.decode(data).toString();
                            out.println("client: " + response.lines().findFirst().orElse("") + " "
                                    + response.substring(response.indexOf("\r\n\r\n") + 4));
                            client.end();
                            server.close(); // the child's job still finishes: it keeps the loop alive
                        });
            });
        });
    }

    private static void respond(Socket socket, String status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        socket.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.write(body);
        socket.end();
    }

    /** A request line and headers, then Content-Length bytes of body; enough for this endpoint. */
    private record Request(String method, String path, String body) { }

    /** Reads one request from a socket's chunks, however they are split. */
    private static final class HttpRequest {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final java.util.function.Consumer<Request> onRequest;
        private boolean done;

        HttpRequest(Socket socket, java.util.function.Consumer<Request> onRequest) {
            this.onRequest = onRequest;
            socket.onData(chunk -> {
                byte[] bytes = new byte[chunk.remaining()];
                chunk.get(bytes);
                received.writeBytes(bytes);
                parse();
            });
        }

        private void parse() {
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int headersEnd = text.indexOf("\r\n\r\n");
            if (done || headersEnd < 0) {
                return;
            }
            List<String> lines = new ArrayList<>(text.substring(0, headersEnd).lines().toList());
            String[] requestLine = lines.removeFirst().split(" ");
            int length = 0;
            for (String header : lines) {
                int colon = header.indexOf(':');
                if (colon > 0 && header.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-length")) {
                    length = Integer.parseInt(header.substring(colon + 1).strip());
                }
            }
            if (received.size() - (headersEnd + 4) < length) {
                return; // more of the body is on its way
            }
            done = true;
            byte[] all = received.toByteArray();
            String body = new String(all, headersEnd + 4, length, StandardCharsets.UTF_8);
            onRequest.accept(new Request(requestLine[0], requestLine[1], body));
        }
    }

    /** The child: the long-running job (here a sum of the numbers it is sent). */
    public static final class MlAlgo {
        private MlAlgo() {
        }

        /**
         * Runs the child's loop until the parent disconnects.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            ChildContext.answerEach(data -> {
                long sum = 0;
                for (String number : ((String) data).replaceAll("[\\[\\] ]", "").split(",")) {
                    sum += Long.parseLong(number);
                }
                return sum;
            });
        }
    }
}
