package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.loop.api.EventLoop;
import dev.loop.api.Phase;
import dev.loop.io.Io;
import dev.loop.io.IoOptions;
import dev.loop.io.ErrnoException;
import dev.loop.io.ConnectionRefusedException;
import dev.loop.io.ConnectionResetException;
import dev.loop.io.AddressAlreadyInUseException;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.TcpConnection;
import dev.loop.io.spi.TcpIo;
import dev.loop.io.spi.TcpListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP part of the backend conformance suite: a backend's tests extend this class and name the
 * backend. It drives {@link TcpIo} directly, on a loop created with that backend, and checks each
 * operation (both reads: into the caller's buffer, and into the backend's, which hands over exactly
 * the bytes read), where completions run, large transfers, many connections, half-close, peer
 * reset, close with operations pending (each fails exactly once with {@code ECANCELED}), and that
 * no file descriptor leaks.
 */
public abstract class TcpConformance {

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** For subclasses, which name the backend. */
    protected TcpConformance() {
    }

    /**
     * The backend under test.
     *
     * @return its name, as {@link IoOptions#withBackend} takes it
     */
    protected abstract String backend();

    private Io io;
    private EventLoop loop;
    private TcpIo tcp;
    private final List<Throwable> unexpected = new ArrayList<>();

    /** Opens a loop with the backend under test. */
    @BeforeEach
    public void open() {
        io = Io.create(IoOptions.defaults().withBackend(backend()));
        loop = io.loop();
        tcp = io.ioBackend().tcp();
    }

    /** Closes the loop and checks that no operation failed unexpectedly. */
    @AfterEach
    public void close() {
        io.close();
        assertEquals(List.of(), unexpected, "operations failed unexpectedly");
    }

    /** A completion that must succeed; a failure is recorded and fails the test. */
    private <T> Completion<T> ok(Consumer<T> then) {
        return Completion.of(result -> {
            then.accept(result);
        }, error -> {
            unexpected.add(error);
        });
    }

    /** A completion that must fail; it hands over the error mapped as the API maps it. */
    private <T> Completion<T> failsWith(String operation, Consumer<Throwable> then) {
        return Completion.of(result -> {
            unexpected.add(new AssertionError(operation + " succeeded but should have failed: " + result));
        }, error -> {
            then.accept(ErrnoException.fromNetFailure(error, operation, "test"));
        });
    }

    private final Completion<Void> closed = Completion.of(result -> { }, error -> {
        unexpected.add(error);
    });

    /** Reads until {@code n} bytes arrived (or the peer ended), then hands them over, flipped. */
    private void readFully(TcpConnection connection, int n, Consumer<ByteBuffer> then) {
        ByteBuffer into = ByteBuffer.allocate(n);
        readMore(connection, into, then);
    }

    private void readMore(TcpConnection connection, ByteBuffer into, Consumer<ByteBuffer> then) {
        tcp.read(connection, into, ok(count -> {
            if (count < 0 || !into.hasRemaining()) {
                then.accept(into.flip());
            } else {
                readMore(connection, into, then);
            }
        }));
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String ascii(ByteBuffer buffer) {
        return StandardCharsets.US_ASCII.decode(buffer).toString();
    }

    @Test
    public void listenAcceptConnectReadWriteAndClose() {
        List<String> log = new ArrayList<>();
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> {
            assertTrue(server.localAddress().getPort() > 0, "port 0 must become a real port");
            tcp.accept(server, ok(connection -> readFully(connection, 5, request -> {
                log.add("server read " + ascii(request) + " in " + loop.phase());
                tcp.write(connection, ascii("world"), ok(n -> tcp.close(connection, closed)));
                tcp.close(server, closed);
            })));
            tcp.connect(server.localAddress(), ok(client -> {
                assertEquals(server.localAddress().getPort(), client.remoteAddress().getPort());
                tcp.configure(client, true, true);
                tcp.write(client, ascii("hello"), ok(n -> log.add("client wrote " + n)));
                readFully(client, 5, reply -> {
                    log.add("client read " + ascii(reply));
                    tcp.close(client, closed);
                });
            }));
        })));
        assertEquals(List.of("client wrote 5", "server read hello in " + Phase.POLL, "client read world"), log);
    }

    /**
     * An unreferenced connection's pending read and an unreferenced listener's pending accept
     * keep the loop alive no more (Node's unref); referenced again, a read keeps it alive until
     * data comes. Closing cancels what is still pending, each exactly once.
     */
    @Test
    public void unreferencedReadsAndAcceptsLetTheLoopEnd() {
        TcpListener[] server = new TcpListener[1];
        TcpConnection[] ends = new TcpConnection[2];
        List<String> log = new ArrayList<>();
        Completion<Object> untilClosed = Completion.of(result -> log.add("completed: " + result),
                error -> log.add("cancelled"));
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(listener -> {
            server[0] = listener;
            tcp.accept(listener, ok(accepted -> {
                ends[0] = accepted;
                tcp.read(accepted, ByteBuffer.allocate(8), ok(n -> log.add("server read " + n)));
                tcp.setReferenced(accepted, false);
                tcp.accept(listener, Completion.of(untilClosed::succeeded, untilClosed::failed));
                tcp.setReferenced(listener, false);
            }));
            tcp.connect(listener.localAddress(), ok(client -> {
                ends[1] = client;
                tcp.read(client, Completion.of(untilClosed::succeeded, untilClosed::failed));
                tcp.setReferenced(client, false);
            }));
        })));
        assertTrue(ends[0] != null && ends[1] != null, "both ends connected before the loop ended");
        assertEquals(List.of(), log, "run() returned with the reads and the accept still pending");

        loop.run(() -> {
            tcp.setReferenced(ends[0], true);
            tcp.write(ends[1], ascii("x"), ok(n -> { }));
        });
        assertEquals(List.of("server read 1"), log, "referenced again, the read kept the loop alive until the byte came");

        loop.run(() -> {
            tcp.close(ends[0], closed);
            tcp.close(ends[1], closed);
            tcp.close(server[0], closed);
        });
        assertEquals(List.of("server read 1", "cancelled", "cancelled"), log);
    }

    @Test
    public void aReadinessCompletionRunsInThePollPhaseAndAnImmediateQueuedThereRunsBeforeAZeroTimer() {
        List<String> log = new ArrayList<>();
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> {
            tcp.accept(server, ok(connection -> tcp.read(connection, ByteBuffer.allocate(8), ok(n -> {
                log.add("read in " + loop.phase());
                loop.setTimeout(() -> log.add("timeout 0"), 0);
                loop.setImmediate(() -> log.add("immediate"));
                tcp.close(connection, closed);
                tcp.close(server, closed);
            }))));
            tcp.connect(server.localAddress(), ok(client -> tcp.write(client, ascii("x"), ok(n -> tcp.close(client, closed)))));
        })));
        assertEquals(List.of("read in " + Phase.POLL, "immediate", "timeout 0"), log);
    }

    @Test
    public void sixtyFourMebibytesThroughOneSocketArriveIntact() {
        int total = 64 << 20;
        int chunk = 64 << 10;
        CRC32 sent = new CRC32();
        CRC32 received = new CRC32();
        long[] receivedBytes = {0};
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> {
            tcp.accept(server, ok(connection -> {
                tcp.close(server, closed);
                ByteBuffer into = ByteBuffer.allocate(chunk);
                receive(connection, into, received, receivedBytes);
            }));
            tcp.connect(server.localAddress(), ok(client -> send(client, total, chunk, new java.util.Random(7), sent)));
        })));
        assertEquals(total, receivedBytes[0]);
        assertEquals(sent.getValue(), received.getValue(), "checksums differ");
    }

    private void receive(TcpConnection connection, ByteBuffer into, CRC32 crc, long[] count) {
        into.clear();
        tcp.read(connection, into, ok(n -> {
            if (n < 0) {
                tcp.close(connection, closed);
                return;
            }
            into.flip();
            crc.update(into);
            count[0] += n;
            receive(connection, into, crc, count);
        }));
    }

    private void send(TcpConnection client, int left, int chunk, java.util.Random random, CRC32 crc) {
        if (left == 0) {
            tcp.shutdownOutput(client, ok(ignored -> tcp.close(client, closed)));
            return;
        }
        byte[] bytes = new byte[Math.min(chunk, left)];
        random.nextBytes(bytes);
        crc.update(bytes);
        tcp.write(client, ByteBuffer.wrap(bytes), ok(n -> send(client, left - n, chunk, random, crc)));
    }

    @Test
    public void aReadIntoTheBackendsBufferHandsOverExactlyTheBytesReadInBuffersTheCallerKeeps() {
        List<ByteBuffer> chunks = new ArrayList<>();
        List<String> log = new ArrayList<>();
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> {
            TcpConnection[] client = new TcpConnection[1];
            tcp.accept(server, ok(connection -> {
                tcp.close(server, closed);
                tcp.read(connection, ok(first -> {
                    log.add("read " + first.position() + ".." + first.limit() + " in " + loop.phase());
                    chunks.add(first);
                    tcp.write(client[0], ascii("world"), ok(n -> tcp.shutdownOutput(client[0], ok(ignored -> { }))));
                    readChunksToTheEnd(connection, chunks, log);
                }));
            }));
            tcp.connect(server.localAddress(), ok(connected -> {
                client[0] = connected;
                tcp.write(connected, ascii("hello"), ok(n -> { }));
            }));
        })));
        // "world" may come in one read or several; the first buffer is still the caller's "hello"
        assertEquals("read 0..5 in " + Phase.POLL, log.get(0));
        assertEquals("end: an empty buffer", log.get(log.size() - 1));
        StringBuilder all = new StringBuilder();
        chunks.forEach(chunk -> all.append(ascii(chunk.duplicate())));
        assertEquals("helloworld", all.toString());
        assertEquals("hello", ascii(chunks.get(0).duplicate()));
    }

    private void readChunksToTheEnd(TcpConnection connection, List<ByteBuffer> chunks, List<String> log) {
        tcp.read(connection, ok(chunk -> {
            if (!chunk.hasRemaining()) {
                log.add("end: an empty buffer");
                tcp.close(connection, closed);
                return;
            }
            assertEquals(0, chunk.position(), "a chunk starts at position 0");
            chunks.add(chunk);
            readChunksToTheEnd(connection, chunks, log);
        }));
    }

    @Test
    public void sixteenMebibytesReadIntoTheBackendsBuffersArriveIntact() {
        int total = 16 << 20;
        CRC32 sent = new CRC32();
        CRC32 received = new CRC32();
        long[] receivedBytes = {0};
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> {
            tcp.accept(server, ok(connection -> {
                tcp.close(server, closed);
                receiveChunks(connection, received, receivedBytes);
            }));
            tcp.connect(server.localAddress(), ok(client -> send(client, total, 256 << 10, new java.util.Random(5), sent)));
        })));
        assertEquals(total, receivedBytes[0]);
        assertEquals(sent.getValue(), received.getValue(), "checksums differ");
    }

    private void receiveChunks(TcpConnection connection, CRC32 crc, long[] count) {
        tcp.read(connection, ok(chunk -> {
            if (!chunk.hasRemaining()) {
                tcp.close(connection, closed);
                return;
            }
            count[0] += chunk.remaining();
            crc.update(chunk);
            receiveChunks(connection, crc, count);
        }));
    }

    @Test
    public void aReadIntoTheBackendsBufferFailsWithResetAndWithCanceled() throws IOException {
        TcpListener[] listening = {listenWithAPeerThatReset()};
        List<String> log = new ArrayList<>();
        loop.run(() -> tcp.accept(listening[0], ok(connection -> tcp.read(connection, failsWith("read", error -> {
            log.add("reset " + assertInstanceOf(ConnectionResetException.class, error).code());
            tcp.close(connection, closed);
        })))));
        Socket idle = new Socket(InetAddress.getLoopbackAddress(), listening[0].localAddress().getPort());
        try {
            loop.run(() -> tcp.accept(listening[0], ok(connection -> {
                tcp.close(listening[0], closed);
                tcp.read(connection, failsWith("read", error -> log.add("closed " + ((ErrnoException) error).code())));
                tcp.close(connection, ok(ignored -> log.add("close done")));
            })));
        } finally {
            idle.close(); // it sent nothing: the read was pending when its socket closed
        }
        assertEquals(List.of("reset ECONNRESET", "closed ECANCELED", "close done"), log);
    }

    @Test
    public void aThousandConnectionsAtOnce() {
        int connections = 1000;
        int[] echoed = {0};
        int[] accepted = {0};
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 1024, ok(server -> {
            acceptAll(server, connections, accepted);
            for (int i = 0; i < connections; i++) {
                tcp.connect(server.localAddress(), ok(client -> {
                    tcp.write(client, ascii("?"), ok(n -> { }));
                    readFully(client, 1, reply -> {
                        echoed[0]++;
                        tcp.close(client, closed);
                    });
                }));
            }
        })));
        assertEquals(connections, accepted[0]);
        assertEquals(connections, echoed[0]);
    }

    private void acceptAll(TcpListener server, int left, int[] accepted) {
        tcp.accept(server, ok(connection -> {
            accepted[0]++;
            readFully(connection, 1, request -> tcp.write(connection, request, ok(n -> tcp.close(connection, closed))));
            if (left > 1) {
                acceptAll(server, left - 1, accepted);
            } else {
                tcp.close(server, closed);
            }
        }));
    }

    @Test
    public void halfCloseEndsOneDirectionOnly() {
        List<String> log = new ArrayList<>();
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> {
            tcp.accept(server, ok(connection -> {
                tcp.close(server, closed);
                readFully(connection, 16, request -> {
                    log.add("server got '" + ascii(request) + "' then the end");
                    tcp.write(connection, ascii("cd"), ok(n -> tcp.close(connection, closed)));
                });
            }));
            tcp.connect(server.localAddress(), ok(client -> {
                tcp.write(client, ascii("ab"), ok(n -> { }));
                tcp.shutdownOutput(client, ok(ignored -> log.add("client ended its side")));
                readFully(client, 16, reply -> {
                    log.add("client still read '" + ascii(reply) + "'");
                    tcp.close(client, closed);
                });
            }));
        })));
        assertEquals(List.of("client ended its side", "server got 'ab' then the end", "client still read 'cd'"), log);
    }

    @Test
    public void aPeerResetIsConnectionReset() throws IOException {
        TcpListener[] listening = {listenWithAPeerThatReset()};
        List<Throwable> errors = new ArrayList<>();
        loop.run(() -> tcp.accept(listening[0], ok(connection -> {
            tcp.close(listening[0], closed);
            tcp.read(connection, ByteBuffer.allocate(8), failsWith("read", error -> {
                errors.add(error);
                tcp.close(connection, closed);
            }));
        })));
        assertEquals(1, errors.size());
        assertEquals("ECONNRESET", assertInstanceOf(ConnectionResetException.class, errors.get(0)).code());
    }

    @Test
    public void closingWithOperationsPendingFailsEachExactlyOnce() {
        List<String> log = new ArrayList<>();
        TcpConnection[] accepted = new TcpConnection[1];
        boolean[] clientClosed = {false};
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> {
            tcp.accept(server, ok(connection -> {
                tcp.close(server, closed);
                if (clientClosed[0]) {
                    tcp.close(connection, closed);
                } else {
                    accepted[0] = connection; // the server never reads: the client's big write cannot finish
                }
            }));
            tcp.connect(server.localAddress(), ok(client -> {
                tcp.read(client, ByteBuffer.allocate(8), failsWith("read", e -> log.add("read " + ((ErrnoException) e).code())));
                tcp.write(client, ByteBuffer.allocate(64 << 20), failsWith("write", e -> log.add("write " + ((ErrnoException) e).code())));
                tcp.write(client, ascii("queued"), failsWith("write", e -> log.add("second write " + ((ErrnoException) e).code())));
                // The client closes first, whatever the timing; the server's side closes only after.
                loop.setTimeout(() -> tcp.close(client, ok(ignored -> {
                    log.add("closed");
                    clientClosed[0] = true;
                    if (accepted[0] != null) {
                        tcp.close(accepted[0], closed);
                    }
                })), 10);
            }));
        })));
        assertEquals(List.of("read ECANCELED", "write ECANCELED", "second write ECANCELED", "closed"), log);

        List<String> accepts = new ArrayList<>();
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> {
            tcp.accept(server, failsWith("accept", e -> accepts.add("accept " + ((ErrnoException) e).code())));
            loop.setTimeout(() -> tcp.close(server, ok(ignored -> accepts.add("closed"))), 10);
        })));
        assertEquals(List.of("accept ECANCELED", "closed"), accepts);
    }

    @Test
    public void addressInUseAndConnectionRefusedAreErrorsWithTheirCodes() {
        List<String> log = new ArrayList<>();
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> {
            tcp.listen(server.localAddress(), 16, failsWith("listen", e -> {
                log.add(assertInstanceOf(AddressAlreadyInUseException.class, e).code());
                tcp.close(server, ok(ignored -> tcp.connect(server.localAddress(),
                        failsWith("connect", refused -> log.add(assertInstanceOf(ConnectionRefusedException.class, refused).code())))));
            }));
        })));
        assertEquals(List.of("EADDRINUSE", "ECONNREFUSED"), log);
    }

    @Test
    public void aLoopBlockedInPollWakesForAnotherThread() throws InterruptedException {
        List<String> log = new ArrayList<>();
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> {
            tcp.accept(server, failsWith("accept", e -> log.add("accept cancelled"))); // blocks the loop in poll
            Thread.ofPlatform().start(() -> loop.execute(() -> {
                log.add("woken");
                tcp.close(server, closed);
            }));
        })));
        assertEquals(List.of("woken", "accept cancelled"), log);
    }

    @Test
    public void noFileDescriptorLeaks() throws IOException {
        listenAcceptConnectReadWriteAndClose(); // warm up: the JDK opens some descriptors once
        long before = openDescriptors();
        for (int i = 0; i < 20; i++) {
            listenAcceptConnectReadWriteAndClose();
        }
        aPeerResetIsConnectionReset();
        addressInUseAndConnectionRefusedAreErrorsWithTheirCodes();
        assertEquals(before, openDescriptors(), "file descriptors leaked");
    }

    private static long openDescriptors() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            fail("needs /proc/self/fd (Linux) to count descriptors");
        }
        try (Stream<Path> list = Files.list(fds)) {
            return list.count();
        }
    }

    /** A listener whose queue holds one connection that its peer has already reset (RST). */
    private TcpListener listenWithAPeerThatReset() throws IOException {
        TcpListener[] listening = new TcpListener[1];
        loop.run(() -> tcp.listen(LOOPBACK_ANY_PORT, 16, ok(server -> listening[0] = server)));
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), listening[0].localAddress().getPort())) {
            peer.setSoLinger(true, 0); // close sends RST
        }
        return listening[0];
    }
}
