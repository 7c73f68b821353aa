package dev.loop.io;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens connections and leaves them idle, in a child JVM so that their descriptors and heap are
 * not the test's: {@code IdleClients PORT COUNT} connects COUNT times to 127.0.0.1:PORT, prints
 * {@code connected COUNT}, and exits (closing them) when its standard input closes.
 */
public final class IdleClients {

    private IdleClients() {
    }

    /**
     * Connects and waits.
     *
     * @param args the port and the number of connections
     * @throws IOException if a connect fails
     */
    public static void main(String[] args) throws IOException {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int count = Integer.parseInt(args[1]);
        List<SocketChannel> open = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            open.add(SocketChannel.open(server));
        }
        System.out.println("connected " + open.size());
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
        for (SocketChannel channel : open) {
            channel.close();
        }
    }
}
