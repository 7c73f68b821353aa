package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loop.io.spi.FileHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A full disk is {@code ENOSPC}, as in Node: writes to a 64 KiB tmpfs mounted for the test. It
 * needs root (CI runs as root); elsewhere it is skipped with the reason.
 */
@ExtendWith(ResourceBaseline.class)
class DiskFullTest extends FileTestFixture {

    private Path small;

    @BeforeEach
    void mountASmallTmpfs() throws IOException, InterruptedException {
        Run uid = run("id", "-u");
        assumeTrue(uid.ok() && uid.output().strip().equals("0"), "mounting a small tmpfs needs root; running as uid " + uid.output().strip());
        small = Files.createDirectory(dir.resolve("tmpfs"));
        Run mount = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString());
        if (!mount.ok()) {
            small = null;
        }
        assumeTrue(small != null, () -> "mount -t tmpfs failed, so a full disk cannot be made here: " + mount.output());
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        if (small != null) {
            Run umount = run("umount", small.toString());
            assertTrue(umount.ok(), () -> "umount " + small + " failed: " + umount.output());
        }
    }

    @Test
    void writingPastAFullDiskIsEnospc() {
        Path file = small.resolve("big.bin");
        Throwable[] errors = new Throwable[2];
        loop.run(() -> fs.writeFile(file, new byte[1 << 20])
                .catchError(error -> {
                    errors[0] = error;
                    return null;
                })
                .thenCompose(ignored -> fs.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
                .thenCompose((FileHandle handle) -> fs.write(handle, ByteBuffer.allocate(1 << 20), 0)
                        .catchError(error -> {
                            errors[1] = error;
                            return 0;
                        })
                        .thenCompose(written -> fs.close(handle))));
        for (Throwable error : errors) {
            NoSpaceLeftOnDeviceException full = assertInstanceOf(NoSpaceLeftOnDeviceException.class, error);
            assertEquals("ENOSPC", full.code());
            assertEquals(file, full.path());
        }
        assertEquals(List.of("big.bin"), List.of(small.toFile().list()));
    }

    private record Run(boolean ok, String output) { }

    private static Run run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        // Closed here, not left to the JDK's reaper thread, which closes a finished process's pipes
        // a moment after waitFor returns: the test's descriptor baseline would see them open.
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Run(false, String.join(" ", command) + " did not finish in 10 s");
        }
        return new Run(process.exitValue() == 0, output);
    }
}
