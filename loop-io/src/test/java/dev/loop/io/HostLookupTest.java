package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.Timeout;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Host names resolve on the work pool, as libuv's getaddrinfo does; literals need no resolver. */
@org.junit.jupiter.api.Timeout(20)
class HostLookupTest {

    private static final String HOST = "127.0.0.1";

    /**
     * The resolver blocks until the loop has run five timer callbacks, which it can do only if the
     * resolver is not on its thread; then it answers, and the client connects through the name.
     */
    @Test
    void aBlockingResolverHoldsUpNoCallback() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        HostResolver blocking = host -> {
            asked.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new UnknownHostException("interrupted");
            }
            return List.of(InetAddress.getLoopbackAddress());
        };
        List<String> log = new ArrayList<>();
        try (Io io = Io.create(IoOptions.defaults().withHostResolver(blocking))) {
            io.loop().run(() -> {
                int[] ticks = {0};
                Timeout[] interval = new Timeout[1];
                interval[0] = io.loop().setInterval(() -> {
                    if (++ticks[0] == 5) {
                        log.add("five ticks while resolving");
                        release.countDown();
                        interval[0].close();
                    }
                }, 1);
                Server server = io.net().createServer(socket -> socket.destroy());
                server.listen(0, HOST).thenAccept(address -> {
                    Socket client = io.net().connect(address.getPort(), "slow.example");
                    client.onConnect(() -> log.add("connected to " + client.remoteAddress().getAddress().getHostAddress()))
                            .onClose(hadError -> server.close());
                });
            });
        }
        assertEquals(List.of("five ticks while resolving", "connected to 127.0.0.1"), log);
        assertEquals(1, asked.get());
    }

    /**
     * Node 20's autoSelectFamily, one attempt at a time: the name's first address refuses (nothing
     * listens on 127.0.0.2), the second accepts. As for localhost resolving to ::1 and 127.0.0.1
     * with a server on only one of them.
     */
    @Test
    void aNameWhoseFirstAddressRefusesConnectsThroughTheNext() throws UnknownHostException {
        InetAddress refusing = InetAddress.getByName("127.0.0.2");
        HostResolver twoAddresses = host -> List.of(refusing, InetAddress.getByName(HOST));
        List<String> log = new ArrayList<>();
        try (Io io = Io.create(IoOptions.defaults().withHostResolver(twoAddresses))) {
            io.loop().run(() -> {
                Server server = io.net().createServer(socket -> socket.destroy());
                server.listen(0, HOST).thenAccept(address -> io.net().connect(address.getPort(), "two.example")
                        .onConnect(() -> log.add("connected"))
                        .onError(e -> log.add("error " + e))
                        .onClose(hadError -> server.close()));
            });
        }
        assertEquals(List.of("connected"), log);
    }

    @Test
    void anUnknownNameIsHostNotFoundForLookupAndForConnect() {
        HostResolver none = host -> {
            throw new UnknownHostException(host);
        };
        Object[] errors = new Object[2];
        boolean[] closedWithError = {false};
        try (Io io = Io.create(IoOptions.defaults().withHostResolver(none))) {
            io.loop().run(() -> {
                io.net().lookup("nowhere.example").catchError(e -> {
                    errors[0] = e;
                    return null;
                });
                io.net().connect(80, "nowhere.example")
                        .onError(e -> errors[1] = e)
                        .onClose(hadError -> closedWithError[0] = hadError);
            });
        }
        HostNotFoundException lookup = assertInstanceOf(HostNotFoundException.class, errors[0]);
        assertEquals("ENOTFOUND", lookup.code());
        assertTrue(lookup.getMessage().contains("nowhere.example"), lookup.getMessage());
        assertInstanceOf(HostNotFoundException.class, errors[1]);
        assertTrue(closedWithError[0]);
    }

    @Test
    void anAddressLiteralNeedsNoResolver() throws UnknownHostException {
        HostResolver never = host -> {
            throw new AssertionError("a literal must not be resolved: " + host);
        };
        InetAddress[] v4 = new InetAddress[1];
        List<InetAddress> v6 = new ArrayList<>();
        try (Io io = Io.create(IoOptions.defaults().withHostResolver(never))) {
            io.loop().run(() -> {
                io.net().lookup("127.0.0.1").thenAccept(address -> v4[0] = address);
                io.net().lookupAll("::1").thenAccept(v6::addAll);
            });
        }
        assertEquals("127.0.0.1", v4[0].getHostAddress());
        assertEquals(List.of(InetAddress.getByName("::1")), v6);
    }
}
