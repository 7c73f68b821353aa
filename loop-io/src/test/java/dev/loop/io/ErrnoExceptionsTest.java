package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The codes of the failures that the JDK reports only as the system's text: disk full and file
 * descriptors exhausted, for files and for sockets, as Node's codes are.
 */
class ErrnoExceptionsTest {

    private static final Path FILE = Path.of("/data/out.bin");
    private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 7000);

    @Test
    void aFullDiskIsEnospc() {
        // FileChannel.write throws a plain IOException; Files.newOutputStream a FileSystemException
        for (IOException io : new IOException[] {new IOException("No space left on device"),
                new FileSystemException(FILE.toString(), null, "No space left on device")}) {
            NoSpaceLeftOnDeviceException full = assertInstanceOf(NoSpaceLeftOnDeviceException.class,
                    ErrnoExceptions.map(io, "writeFile", FILE));
            assertEquals("ENOSPC", full.code());
            assertEquals(FILE, full.path());
            assertSame(io, full.getCause());
            assertTrue(full.getMessage().contains("writeFile '" + FILE + "'"), full.getMessage());
        }
    }

    @Test
    void tooManyOpenFilesIsEmfileAndTooManyInTheSystemIsEnfile() {
        TooManyOpenFilesException process = assertInstanceOf(TooManyOpenFilesException.class,
                ErrnoExceptions.map(new FileSystemException(FILE.toString(), null, "Too many open files"), "open", FILE));
        assertEquals("EMFILE", process.code());
        TooManyOpenFilesException system = assertInstanceOf(TooManyOpenFilesException.class,
                ErrnoExceptions.map(new FileSystemException(FILE.toString(), null, "Too many open files in system"), "open", FILE));
        assertEquals("ENFILE", system.code());

        // ServerSocketChannel.accept throws a plain IOException with the system's text
        TooManyOpenFilesException accept = assertInstanceOf(TooManyOpenFilesException.class,
                ErrnoExceptions.mapNet(new IOException("Too many open files"), "accept", ADDRESS));
        assertEquals("EMFILE", accept.code());
        assertTrue(accept.getMessage().contains("accept " + ADDRESS), accept.getMessage());
        assertEquals("ENFILE", assertInstanceOf(TooManyOpenFilesException.class,
                ErrnoExceptions.mapNet(new IOException("Too many open files in system"), "accept", ADDRESS)).code());
    }

    @Test
    void whatHasNoCodeOfItsOwnStaysEio() {
        assertEquals("EIO", ((ErrnoException) ErrnoExceptions.map(new IOException("Input/output error"), "read", FILE)).code());
        assertEquals("EIO", ((ErrnoException) ErrnoExceptions.mapNet(new IOException("something else"), "read from", ADDRESS)).code());
    }
}
