package dev.loop.process.launch;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the process module keeps what it makes once per machine (AOT caches, the exec helper):
 * {@code $XDG_CACHE_HOME/loop-process/<name>}, else {@code ~/.cache/loop-process/<name>}, each
 * directory private to the user (mode 0700).
 */
final class CacheHome {

    private CacheHome() {
    }

    /**
     * The directory, made if needed.
     *
     * @param name the subdirectory, such as {@code aot}
     * @param configured a directory the user configured instead, or null
     * @return the directory
     * @throws IOException if it cannot be made
     */
    static Path directory(String name, String configured) throws IOException {
        Path directory;
        if (configured != null) {
            directory = Path.of(configured);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            directory = base.resolve("loop-process").resolve(name);
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.toAbsolutePath().getParent());
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // made meanwhile
            }
        }
        return directory;
    }
}
