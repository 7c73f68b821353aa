import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by ManyConnectionsTest as a source-file program in a JVM of its own, so that the clients'
 * descriptors are not the server's: {@code java KeepAliveClients.java PORT COUNT} opens COUNT
 * connections to 127.0.0.1:PORT, sends one keep-alive GET on each and reads its whole response
 * (a 2-byte body), keeps them all open, prints {@code answered COUNT}, and closes them and exits
 * when its standard input closes.
 */
public final class KeepAliveClients {

    public static void main(String[] args) throws IOException {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int count = Integer.parseInt(args[1]);
        byte[] get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<SocketChannel> open = new ArrayList<>(count);
        ByteBuffer in = ByteBuffer.allocate(4096);
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(server);
            open.add(channel);
            channel.write(ByteBuffer.wrap(get));
            in.clear();
            while (!answered(in)) {
                if (channel.read(in) < 0) {
                    throw new IOException("connection " + i + " ended before its response: "
                            + new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1));
                }
            }
        }
        System.out.println("answered " + open.size());
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
        for (SocketChannel channel : open) {
            channel.close();
        }
    }

    /** A whole response: its head, then the 2 bytes of "ok". */
    private static boolean answered(ByteBuffer in) {
        String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        int head = text.indexOf("\r\n\r\n");
        return head >= 0 && text.length() >= head + 4 + 2;
    }
}
