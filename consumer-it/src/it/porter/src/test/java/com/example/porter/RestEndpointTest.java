package com.example.porter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.io.Io;
import dev.loop.io.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The REST endpoint answers a POST, keeps the connection alive, and a second request on it too. */
class RestEndpointTest {

    @Test
    void aPostIsAnsweredWithJson() {
        StringBuilder received = new StringBuilder();
        try (Io io = Io.create()) {
            io.loop().run(() -> {
                RestEndpoint endpoint = new RestEndpoint(io);
                endpoint.listen().thenAccept(address -> {
                    Socket client = io.net().connect(address.getPort(), "127.0.0.1");
                    client.onConnect(() -> client.write((
                            "POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                            + "POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi").getBytes(StandardCharsets.UTF_8)));
                    client.onData(chunk -> {
                        received.append(StandardCharsets.UTF_8.decode(chunk));
                        if (received.toString().contains("\"received\":2}")) {
                            client.end();
                            endpoint.close();
                        }
                    });
                });
            });
        }
        String text = received.toString();
        assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"), text);
        assertTrue(text.contains("Content-Type: application/json\r\n"), text);
        assertTrue(text.indexOf("\"received\":5}") < text.indexOf("\"received\":2}"), text);
    }
}
