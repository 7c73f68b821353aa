package dev.loop.io;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The server that {@link AcceptUnderFdLimitTest} runs in a child JVM under a low descriptor limit:
 * Node's common pattern, which writes a greeting and ends without ever reading. It prints
 * {@code listening PORT}, then {@code error CODE} for each error its server reports, and exits when
 * its standard input closes.
 */
public final class FdLimitedServer {

    private FdLimitedServer() {
    }

    /**
     * Runs the server.
     *
     * @param args none
     * @throws Exception if the classes cannot be loaded up front
     */
    public static void main(String[] args) throws Exception {
        loadAllClassesOf(Io.class);
        try (Io io = Io.create()) {
            io.loop().run(() -> {
                Server server = io.net().createServer(socket -> {
                    socket.write("hello".getBytes(StandardCharsets.US_ASCII));
                    socket.end();
                });
                server.onError(error -> System.out.println("error " + (error instanceof ErrnoException e ? e.code() : error.toString())));
                server.listen(0, "127.0.0.1").thenAccept(address -> System.out.println("listening " + address.getPort()));
                Thread.ofPlatform().daemon().start(() -> { // stdin's end stops it: the test's signal, or the test JVM's exit
                    try {
                        System.in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (java.io.IOException ignored) {
                        // ends the same way
                    }
                    io.loop().execute(() -> server.close().thenAccept(closed -> io.loop().stop()));
                });
            });
        }
        System.exit(0); // sockets the server accepted may still be open; they go with the process
    }

    /**
     * Loads every class of {@code anchor}'s module up front when it comes from a directory (as
     * in this build), where each class loaded later would need a descriptor of its own, which the
     * server out of descriptors could not open: an application's jar stays open, so only the test
     * needs this.
     */
    private static void loadAllClassesOf(Class<?> anchor) throws Exception {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class")).toList()) {
                String name = root.relativize(file).toString().replace(File.separatorChar, '.');
                Class.forName(name.substring(0, name.length() - ".class".length()), false, anchor.getClassLoader());
            }
        }
    }
}
