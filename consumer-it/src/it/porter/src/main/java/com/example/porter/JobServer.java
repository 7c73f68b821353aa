package com.example.porter;

import dev.loop.api.Promise;
import dev.loop.io.Io;
import dev.loop.io.Server;
import dev.loop.io.Socket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A job server, as a Node porter writes it with {@code net} and a worker pool: each line
 * {@code fib N} is computed on the work pool (the loop keeps serving meanwhile) and answered with
 * {@code N=result}.
 * <pre>{@code
 * net.createServer(socket => {
 *   socket.on('data', chunk => lines(chunk).forEach(async line =>
 *     socket.write(`${n}=${await pool.run(fib, n)}\n`)));
 * }).listen(0, '127.0.0.1');
 * }</pre>
 */
public final class JobServer {

    private final Io io;
    private final Server server;

    /**
     * Creates the server on {@code io}'s loop; call on its thread.
     *
     * @param io the loop with its I/O
     */
    public JobServer(Io io) {
        this.io = io;
        this.server = io.net().createServer(this::serve);
    }

    /**
     * Listens on a free port of the loopback address.
     *
     * @return the bound address
     */
    public Promise<InetSocketAddress> listen() {
        return server.listen(0, "127.0.0.1");
    }

    /** The connections open now. */
    public int connections() {
        return server.connectionCount();
    }

    /**
     * Closes every connection and stops listening, as a clean shutdown does.
     *
     * @return settled once closed
     */
    public Promise<Void> shutdown() {
        server.closeAllConnections();
        return server.close();
    }

    private void serve(Socket socket) {
        StringBuilder pending = new StringBuilder();
        socket.onData(chunk -> {
            pending.append(StandardCharsets.UTF_8.decode(chunk));
            for (int end; (end = pending.indexOf("\n")) >= 0; ) {
                String line = pending.substring(0, end).strip();
                pending.delete(0, end + 1);
                answer(socket, line);
            }
        });
    }

    private void answer(Socket socket, String line) {
        if (!line.startsWith("fib ")) {
            socket.write(ByteBuffer.wrap(("error: unknown job '" + line + "'\n").getBytes(StandardCharsets.UTF_8)));
            return;
        }
        int n = Integer.parseInt(line.substring(4));
        io.work().offload(() -> fib(n))
                .thenAccept(result -> socket.write((n + "=" + result + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
}
