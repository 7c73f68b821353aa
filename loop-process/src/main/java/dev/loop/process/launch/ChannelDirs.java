package dev.loop.process.launch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The channels' directories: {@code loop-<parent pid>-<n>}, mode 0700, in {@code /dev/shm} where it
 * exists (shared memory) and in the temporary directory otherwise. Each is deleted when its child
 * has exited; those of parents that died without deleting theirs are swept when this JVM forks its
 * first child.
 *
 * <p><b>Thread safety:</b> any thread.
 */
public final class ChannelDirs {

    /** A system property naming another directory for the channels (a tmpfs of your choice). */
    public static final String DIRECTORY_PROPERTY = "dev.loop.process.dir";

    private static final Pattern NAME = Pattern.compile("loop-(\\d+)-(\\d+)");
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final long PID = ProcessHandle.current().pid();
    private static volatile boolean swept;

    private ChannelDirs() {
    }

    /**
     * Where channel directories go.
     *
     * @return the directory named by {@value #DIRECTORY_PROPERTY}; else {@code /dev/shm}, or the
     *     temporary directory without it
     */
    public static Path base() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Makes a new channel directory, after sweeping those of dead parents once per JVM.
     *
     * @return the directory
     * @throws IOException if it cannot be made
     */
    public static Path create() throws IOException {
        if (!swept) {
            swept = true;
            sweep(base());
        }
        Path dir = base().resolve("loop-" + PID + "-" + COUNT.incrementAndGet());
        return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /**
     * Deletes the channel directories in {@code base} whose parent process is gone.
     *
     * @param base where to look
     * @return how many were deleted
     */
    public static int sweep(Path base) {
        int deleted = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "loop-*-*")) {
            for (Path dir : dirs) {
                Matcher name = NAME.matcher(dir.getFileName().toString());
                if (name.matches() && Files.isDirectory(dir) && Files.isWritable(dir)) {
                    long pid = Long.parseLong(name.group(1));
                    if (pid != PID && ProcessHandle.of(pid).isEmpty()) {
                        delete(dir);
                        deleted++;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // another user's directories, or a race with another sweeper: nothing to do
        }
        return deleted;
    }

    /**
     * Deletes a channel directory and everything in it; a missing one is fine.
     *
     * @param dir the directory
     */
    public static void delete(Path dir) {
        // A transport may keep a queue in a directory of its own (Chronicle does): deepest first.
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            System.getLogger(ChannelDirs.class.getName()).log(System.Logger.Level.WARNING,
                    "could not delete the IPC directory " + dir + ": " + e);
        }
    }
}
