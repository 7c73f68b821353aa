package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.http.Http;
import dev.loop.http.HttpServer;
import dev.loop.io.Io;
import dev.loop.io.Socket;
import dev.loop.process.ChildContext;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.Processes;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The article's REST endpoint on loop-http: {@code POST /api/v1/process} answers at once with
 * {@code {"status": true, "sent": true}}, forks a child for the long-running job, sends it the
 * request's data, and logs the result when the child sends it back.
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
            HttpServer server = Http.createServer(io, (req, res) -> {
                StringBuilder body = new StringBuilder();
                req.onData(chunk -> body.append(StandardCharsets.UTF_8.decode(chunk))).onEnd(() -> {
                    res.setHeader("Content-Type", "application/json");
                    if (!req.method().equals("POST") || !req.url().startsWith("/api/v1/")) {
                        res.setStatusCode(404);
                        res.end("{\"status\": false}");
                        return;
                    }
                    res.end("{\"status\": true, \"sent\": true}"); // answer now; the job runs in a child JVM
                    ChildProcess child = Processes.fork(ForkOptions.of(MlAlgo.class));
                    child.onMessage(result -> {
                        out.println("ml_algo executed with " + result);
                        child.disconnect();
                    });
                    child.send(body.toString());
                });
            });
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
