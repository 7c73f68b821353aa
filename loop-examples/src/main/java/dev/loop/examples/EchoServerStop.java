package dev.loop.examples;

import dev.loop.io.Io;
import dev.loop.io.Server;
import dev.loop.io.Socket;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An echo server and a client on one loop: each socket's events run on the loop thread, in the
 * poll phase, and the loop ends when both sockets and the server are closed. It says which I/O
 * backend it runs on: io_uring where the kernel allows it (and the JVM grants the module native
 * access), else NIO.
 */
final class EchoServerStop implements Stop {

    @Override
    public String title() {
        return "An echo server: net.createServer, connect, write, end";
    }

    @Override
    public void run(Io io, PrintStream out) {
        io.loop().run(() -> {
            Server server = io.net().createServer(socket -> socket
                    .onData(socket::write)                        // echo every chunk back
                    .onEnd(() -> out.println("server: the client ended its side")));
            server.listen(0, "127.0.0.1").thenAccept(address -> {
                out.println("server: listening, on the " + io.backend() + " backend");
                Socket client = io.net().connect(address.getPort(), "127.0.0.1");
                client.onConnect(() -> client.write("hello, loop".getBytes(StandardCharsets.UTF_8)))
                        .onData(data -> {
                            out.println("client: got back '" + text(data) + "'");
                            client.end();
                            server.close();
                        })
                        .onClose(hadError -> out.println("client: closed"));
            });
        });
    }

    private static String text(ByteBuffer data) {
        return StandardCharsets.UTF_8.decode(data).toString();
    }
}
