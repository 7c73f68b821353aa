package dev.loop.io;

import java.time.Instant;

/**
 * A file's metadata, Node's {@code fs.Stats}.
 *
 * @param size the size in bytes
 * @param isFile whether it is a regular file
 * @param isDirectory whether it is a directory
 * @param isSymbolicLink whether it is a symbolic link (only from a stat that does not follow links)
 * @param modified the last modification time ({@code mtime})
 * @param created the creation time ({@code birthtime}), or the modification time where the file
 *     system does not keep one
 */
public record Stats(long size, boolean isFile, boolean isDirectory, boolean isSymbolicLink, Instant modified, Instant created) {
}
