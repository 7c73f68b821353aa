package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.EventLoop;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Node's net on the NIO backend: echo, back pressure, half-close, errors and timeouts. */
@org.junit.jupiter.api.Timeout(20)
@ExtendWith(ResourceBaseline.class)
class NetTest {

    private static final String HOST = "127.0.0.1";
    private final Io io = Io.create();
    private final EventLoop loop = io.loop();
    private final Net net = io.net();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        io.close();
    }

    private static String text(ByteBuffer data) {
        return StandardCharsets.UTF_8.decode(data).toString();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Node's allowHalfOpen: a server that allows it answers after the client's end, later, and
     * ends when it chooses; without it, the socket ends with the peer and the late write fails.
     */
    @Test
    void aHalfOpenServerAnswersAfterThePeersEnd() {
        loop.run(() -> {
            Server server = net.createServer(ServerOptions.defaults().withAllowHalfOpen(true), socket -> socket
                    .onEnd(() -> loop.setTimeout(() -> {
                        socket.write(bytes("late answer"));
                        socket.end();
                    }, 20)));
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = net.connect(address.getPort(), HOST);
                client.onConnect(() -> client.end())
                        .onData(data -> log.add("client got " + text(data)))
                        .onClose(hadError -> {
                            log.add("client closed, error " + hadError);
                            server.close();
                        });
            });
        });
        assertEquals(List.of("client got late answer", "client closed, error false"), log);
    }

    @Test
    void withoutHalfOpenTheSocketEndsWithItsPeer() {
        loop.run(() -> {
            Server server = net.createServer(socket -> socket
                    .onEnd(() -> loop.setTimeout(() -> {
                        socket.write(bytes("late answer"));
                        log.add("late write");
                    }, 20))
                    .onClose(hadError -> log.add("server socket closed")));
            assertFalse(ServerOptions.defaults().allowHalfOpen());
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = net.connect(address.getPort(), HOST);
                client.onConnect(() -> client.end())
                        .onData(data -> log.add("client got " + text(data)))
                        .onClose(hadError -> loop.setTimeout(server::close, 40));
            });
        });
        assertEquals(List.of("server socket closed", "late write"), log, "closed with its peer's end; the client got nothing");
    }

    @Test
    void anEchoServerAndAClientThatEnds() {
        loop.run(() -> {
            Server server = net.createServer(socket -> socket
                    .onData(socket::write)
                    .onEnd(() -> log.add("server saw the end"))
                    .onClose(hadError -> log.add("server socket closed, error " + hadError)));
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = net.connect(address.getPort(), HOST);
                client.onConnect(() -> client.write(bytes("hello")))
                        .onData(data -> {
                            log.add("client got " + text(data));
                            client.end();
                            server.close();
                        })
                        .onClose(hadError -> log.add("client closed, error " + hadError));
            });
        });
        // The two closes race (each side closes when both directions ended); the rest is ordered.
        assertEquals("client got hello", log.get(0), log.toString());
        assertEquals(java.util.Set.of("client got hello", "server saw the end", "server socket closed, error false",
                "client closed, error false"), java.util.Set.copyOf(log));
        assertEquals(4, log.size(), log.toString());
        assertTrue(log.indexOf("server saw the end") < log.indexOf("server socket closed, error false"), log.toString());
    }

    /**
     * Issue 16: a library observes a socket that the user also reads. Both data listeners hear
     * every chunk in the order they were added; the observer removes itself with its registration;
     * a one-time end listener runs once.
     */
    @Test
    void twoPartsOfAProgramListenToOneSocket() {
        loop.run(() -> {
            Server server = net.createServer(socket -> {
                dev.loop.api.Registration observer = socket.on(Socket.DATA, data -> log.add("observer " + data.remaining()));
                socket.onData(data -> {
                    log.add("user " + text(data));
                    observer.close(); // the observer hears this chunk still: the emit began with it
                });
                socket.once(Socket.END, () -> log.add("end"));
                socket.onEnd(() -> log.add("end, second listener"));
            });
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = net.connect(address.getPort(), HOST);
                client.onConnect(() -> {
                    client.write(bytes("one"));
                    loop.setTimeout(() -> {
                        client.write(bytes("two"));
                        client.end();
                    }, 20);
                }).onClose(hadError -> server.close());
            });
        });
        assertEquals(List.of("observer 3", "user one", "user two", "end", "end, second listener"), log);
    }

    /** Issue 16: a clean shutdown without tracking sockets by hand. */
    @Test
    void aServerCountsItsConnectionsAndClosesThemAll() {
        int clients = 3;
        int[] closedClients = {0};
        int[] countAfterShutdown = {-1};
        loop.run(() -> {
            Server[] server = new Server[1];
            server[0] = net.createServer(socket -> {
                if (server[0].connectionCount() == clients) {
                    log.add("count " + server[0].connectionCount());
                    server[0].closeAllConnections();
                    server[0].close();
                    loop.setTimeout(() -> countAfterShutdown[0] = server[0].connectionCount(), 50);
                }
            });
            server[0].listen(0, HOST).thenAccept(address -> {
                for (int i = 0; i < clients; i++) {
                    net.connect(address.getPort(), HOST).onClose(hadError -> closedClients[0]++);
                }
            });
        });
        assertEquals(List.of("count 3"), log);
        assertEquals(clients, closedClients[0], "every client saw its connection close");
        assertEquals(0, countAfterShutdown[0]);
    }

    /** Issue 16: an abort destroys the socket with an AbortError, before or after it connected. */
    @Test
    void anAbortedConnectionIsDestroyedWithAnAbortError() {
        Object[] errors = new Object[2];
        loop.run(() -> {
            Server server = net.createServer(socket -> { });
            server.listen(0, HOST).thenAccept(address -> {
                dev.loop.api.AbortController connected = new dev.loop.api.AbortController();
                Socket client = net.connect(address.getPort(), HOST, connected.signal());
                client.onConnect(() -> connected.abort("done with it"))
                        .onError(e -> errors[0] = e)
                        .onClose(hadError -> {
                            log.add("first closed, error " + hadError);
                            Socket early = net.connect(address.getPort(), HOST, dev.loop.api.AbortSignal.abort("at once"));
                            early.onConnect(() -> log.add("never connected"))
                                    .onError(e -> errors[1] = e)
                                    .onClose(error -> {
                                        log.add("second closed, error " + error);
                                        server.closeAllConnections();
                                        server.close();
                                    });
                        });
            });
        });
        assertEquals(List.of("first closed, error true", "second closed, error true"), log);
        assertEquals("done with it", assertInstanceOf(dev.loop.api.AbortError.class, errors[0]).reason());
        assertEquals("at once", assertInstanceOf(dev.loop.api.AbortError.class, errors[1]).reason());
    }

    /**
     * Issue 16: an unref'd server and unref'd idle connections let run() return, as in Node; a
     * connection referenced again keeps the loop alive until its data comes.
     */
    @Test
    void unrefdServersAndSocketsLetTheLoopEnd() {
        Server[] server = new Server[1];
        Socket[] client = new Socket[1];
        List<Socket> accepted = new ArrayList<>();
        loop.run(() -> {
            server[0] = net.createServer(socket -> accepted.add(socket.unref()));
            server[0].unref().listen(0, HOST).thenAccept(address -> {
                client[0] = net.connect(address.getPort(), HOST).unref();
                client[0].onConnect(() -> log.add("connected"));
            });
        });
        assertEquals(List.of("connected"), log, "the loop ended with an idle server and idle sockets");
        assertFalse(client[0].hasRef());
        loop.run(() -> {
            client[0].ref().onData(data -> {
                log.add("client got " + text(data));
                client[0].destroy();
                server[0].closeAllConnections();
                server[0].close();
            });
            accepted.get(0).write(bytes("hello"));
        });
        assertEquals(List.of("connected", "client got hello"), log);
    }

    /** A listen that failed leaves a server that closes at once and may listen again. */
    @Test
    void aServerWhoseListenFailedClosesAndListensAgain() {
        loop.run(() -> {
            Server first = net.createServer(socket -> { });
            first.listen(0, HOST).thenAccept(address -> {
                Server second = net.createServer(socket -> { });
                second.listen(address.getPort(), HOST).catchError(error -> {
                    log.add(error.getClass().getSimpleName());
                    return null;
                }).thenCompose(ignored -> second.close()).thenAccept(v -> {
                    log.add("closed after the failed listen");
                    second.listen(0, HOST).thenAccept(again -> {
                        log.add("listening again");
                        second.close();
                        first.close();
                    });
                });
            });
        });
        assertEquals(List.of("AddressAlreadyInUseException", "closed after the failed listen", "listening again"), log);
    }

    @Test
    void writeReturnsFalseAboveTheHighWaterMarkAndDrainFollows() {
        long total = 8L << 20;
        long[] received = {0};
        int[] drains = {0};
        loop.run(() -> {
            Server server = net.createServer(socket -> socket.onData(data -> received[0] += data.remaining()));
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = net.connect(address.getPort(), HOST);
                long[] sent = {0};
                Runnable pump = new Runnable() {
                    @Override
                    public void run() {
                        while (sent[0] < total) {
                            sent[0] += 256 << 10;
                            if (!client.write(ByteBuffer.allocate(256 << 10))) {
                                return; // wait for drain
                            }
                        }
                        client.end();
                        server.close();
                    }
                };
                client.onDrain(() -> {
                    drains[0]++;
                    pump.run();
                });
                client.onConnect(pump);
            });
        });
        assertEquals(total, received[0]);
        assertTrue(drains[0] > 0, "write never returned false, so back pressure was never tested");
    }

    @Test
    void halfCloseLetsTheOtherSideFinishWriting() {
        loop.run(() -> {
            Server server = net.createServer(socket -> socket
                    .onData(data -> log.add("server got " + text(data)))
                    .onEnd(() -> {
                        log.add("server saw the end and replies");
                        socket.write(bytes("bye"));
                    }));
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = net.connect(address.getPort(), HOST);
                client.onConnect(() -> {
                    client.write(bytes("hi"));
                    client.end();
                }).onData(data -> log.add("client still got " + text(data)))
                        .onEnd(() -> log.add("client saw the end"))
                        .onClose(hadError -> {
                            log.add("client closed");
                            server.close();
                        });
            });
        });
        assertEquals(List.of("server got hi", "server saw the end and replies", "client still got bye",
                "client saw the end", "client closed"), log);
    }

    @Test
    void connectionRefusedIsAnErrorAndTheLoopGoesOn() {
        loop.run(() -> {
            Server probe = net.createServer(socket -> { });
            probe.listen(0, HOST).thenAccept(address -> probe.close().thenAccept(closed -> {
                Socket client = net.connect(address.getPort(), HOST);
                client.onError(error -> log.add(((ErrnoException) assertInstanceOf(ConnectionRefusedException.class, error)).code()))
                        .onClose(hadError -> log.add("closed, error " + hadError));
            }));
        });
        assertEquals(List.of("ECONNREFUSED", "closed, error true"), log);
    }

    @Test
    void aPortInUseRejectsListenAndTheLoopGoesOn() {
        loop.run(() -> {
            Server first = net.createServer(socket -> { });
            first.listen(0, HOST).thenAccept(address -> net.createServer(socket -> { })
                    .listen(address.getPort(), HOST)
                    .catchError(error -> {
                        AddressAlreadyInUseException inUse = assertInstanceOf(AddressAlreadyInUseException.class, error);
                        log.add(inUse.code() + " " + inUse.getMessage().contains(String.valueOf(address.getPort())));
                        first.close();
                        return null;
                    }));
        });
        assertEquals(List.of("EADDRINUSE true"), log);
    }

    @Test
    void aWriteAfterEndIsAnErrorAndTheSocketStillCloses() {
        loop.run(() -> {
            Server server = net.createServer(socket -> socket.onData(data -> { }));
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = net.connect(address.getPort(), HOST);
                client.onConnect(() -> {
                    client.end();
                    assertFalse(client.write(bytes("late")));
                }).onError(error -> log.add(((ErrnoException) error).code()))
                        .onData(data -> { })
                        .onClose(hadError -> {
                            log.add("closed");
                            server.close();
                        });
            });
        });
        assertEquals(List.of("ERR_STREAM_WRITE_AFTER_END", "closed"), log);
    }

    @Test
    void anIdleSocketTimesOutAndStaysOpenUntilDestroyed() {
        loop.run(() -> {
            Server server = net.createServer(socket -> socket.setTimeout(30)
                    .onTimeout(() -> {
                        log.add("timeout");
                        socket.destroy();
                    })
                    .onData(data -> { })
                    .onClose(hadError -> log.add("server socket closed")));
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = net.connect(address.getPort(), HOST);
                client.onData(data -> { }).onClose(hadError -> {
                    log.add("client closed");
                    server.close();
                });
            });
        });
        assertEquals(List.of("timeout", "server socket closed", "client closed"), log);
    }

    @Test
    void aPeerResetIsAnErrorWithItsCause() {
        loop.run(() -> {
            Server[] server = new Server[1];
            server[0] = net.createServer(socket -> socket.onData(data -> { })
                    .onError(error -> log.add(((ErrnoException) assertInstanceOf(ConnectionResetException.class, error)).code()))
                    .onClose(hadError -> {
                        log.add("closed, error " + hadError);
                        server[0].close();
                    }));
            server[0].listen(0, HOST).thenAccept(address -> Thread.ofPlatform().start(() -> {
                try (java.net.Socket peer = new java.net.Socket(InetAddress.getByName(HOST), address.getPort())) {
                    peer.setSoLinger(true, 0); // its close sends RST
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        });
        assertEquals(List.of("ECONNRESET", "closed, error true"), log);
    }

    // ---------------------------------------------------------------- found by review, each hung or lost data before its fix

    @Test
    void writesQueuedBeforeConnectGoOutFirstAndEndAfterThem() {
        StringBuilder received = new StringBuilder();
        loop.run(() -> {
            Server[] server = new Server[1];
            server[0] = net.createServer(peer -> peer.onData(data -> received.append(text(data))).onEnd(() -> server[0].close()));
            server[0].listen(0, HOST).thenAccept(address -> {
                Socket client = net.connect(address.getPort(), HOST);
                client.write(bytes("A"));                          // queued before connect
                client.onConnect(() -> {
                    client.write(bytes("B"));
                    client.end();                                  // FIN only after A and B
                }).onData(data -> { });
            });
        });
        assertEquals("AB", received.toString());
    }

    @Test
    void closingAServerWhileItBindsStopsIt() {
        loop.run(() -> {
            Server server = net.createServer(socket -> log.add("accepted?"));
            server.listen(0, HOST).thenAccept(address -> log.add("bound"));
            server.close().thenAccept(closed -> log.add("closed"));
        }); // returns: nothing listens any more
        assertEquals(List.of("bound", "closed"), log);
    }

    @Test
    void aConnectThatFailsAtOnceEndsAndTheLoopToo() {
        loop.run(() -> {
            net.connect(9, "no-such-host.invalid").onError(error -> log.add(((ErrnoException) error).code()))
                    .onClose(hadError -> log.add("closed " + hadError));
        });
        assertEquals(List.of("ENOTFOUND", "closed true"), log);
    }

    @Test
    void closingTheLoopClosesItsSockets() throws Exception {
        int[] port = {0};
        Io other = Io.create();
        other.loop().run(() -> {
            Server server = other.net().createServer(socket -> { });
            server.listen(0, HOST).thenAccept(address -> {
                port[0] = address.getPort();
                other.loop().stop(); // leave it listening
            });
        });
        other.close();
        org.junit.jupiter.api.Assertions.assertThrows(java.net.ConnectException.class,
                () -> new java.net.Socket(HOST, port[0]).close(), "the closed loop's server still accepts");
    }
    // ---------------------------------------------------------------- issue 11

    /**
     * Stops the loop after {@code millis} if it still runs, logging "timed out", so that a socket
     * that never closes fails its test instead of hanging it. Unreferenced: it keeps nothing alive.
     */
    private void watchdog(long millis) {
        loop.setTimeout(() -> {
            log.add("timed out");
            loop.stop();
        }, millis).unref();
    }

    @Test
    void aSocketWithNoDataHandlerStillSeesTheEndAndCloses() {
        int clients = 20;
        int[] serverSocketsClosed = {0};
        int[] clientsClosed = {0};
        StringBuilder greetings = new StringBuilder();
        loop.run(() -> {
            watchdog(10_000);
            // Node's common pattern: greet and end, never read
            Server server = net.createServer(socket -> {
                socket.write(bytes("hello"));
                socket.end();
                socket.onClose(hadError -> serverSocketsClosed[0]++);
            });
            server.listen(0, HOST).thenAccept(address -> {
                for (int i = 0; i < clients; i++) {
                    Socket client = net.connect(address.getPort(), HOST);
                    client.onData(data -> greetings.append(text(data))).onClose(hadError -> {
                        if (++clientsClosed[0] == clients) {
                            server.close();
                        }
                    });
                }
            });
        }); // before issue 11, the loop ended here with every server-side socket still open
        assertEquals("hello".repeat(clients), greetings.toString());
        assertEquals(clients, serverSocketsClosed[0], "server-side sockets that saw the end and closed");
        assertEquals(List.of(), log);
    }

    @Test
    void dataThatArrivesBeforeTheDataHandlerWaitsForItAndTheEndComesAfterIt() {
        loop.run(() -> {
            watchdog(10_000);
            Server server = net.createServer(socket -> {
                socket.onEnd(() -> log.add("end")).onClose(hadError -> log.add("closed"));
                // no data handler yet: what arrives meanwhile is kept, and the end waits behind it
                loop.setTimeout(() -> socket.onData(data -> log.add("data " + text(data))), 50);
            });
            server.listen(0, HOST).thenAccept(address -> {
                Socket client = net.connect(address.getPort(), HOST);
                client.onConnect(() -> {
                    client.write(bytes("early"));
                    client.end();
                }).onClose(hadError -> server.close());
            });
        });
        assertEquals(List.of("data early", "end", "closed"), log);
    }

    @Test
    void queuedConnectionsAreAllAcceptedInOnePollPhase() throws Exception {
        int queued = 64; // below the backlog (511) and the per-readiness budget
        List<Socket> accepted = new ArrayList<>();
        int[] acceptedBeforeTheCheckPhase = {-1};
        Server[] server = new Server[1];
        int[] port = {0};
        loop.run(() -> {
            server[0] = net.createServer(socket -> {
                accepted.add(socket);
                log.add("accepted in " + loop.phase());
                if (accepted.size() == 1) {
                    loop.setImmediate(() -> acceptedBeforeTheCheckPhase[0] = accepted.size());
                }
                if (accepted.size() == queued) {
                    server[0].close();
                    accepted.forEach(Socket::destroy);
                }
            });
            server[0].listen(0, HOST).thenAccept(address -> {
                port[0] = address.getPort();
                loop.stop(); // leave it listening, with nobody accepting until the loop runs again
            });
        });
        List<java.net.Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < queued; i++) {
                clients.add(new java.net.Socket(HOST, port[0]));
            }
            ListenQueue.awaitLength(port[0], queued, 10_000);
            loop.run(() -> watchdog(10_000));
        } finally {
            for (java.net.Socket client : clients) {
                client.close();
            }
        }
        assertEquals(List.of("accepted in " + dev.loop.api.Phase.POLL), log.stream().distinct().toList());
        assertEquals(queued, accepted.size());
        assertEquals(queued, acceptedBeforeTheCheckPhase[0], "connections accepted in the poll phase that saw the first");
    }
}
