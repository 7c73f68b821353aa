package dev.loop.process;

import dev.loop.io.ErrnoException;
import dev.loop.io.NoSuchFileOrDirectoryException;
import dev.loop.io.PermissionDeniedException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds the program a spawn names, as {@code execvp} would in the child: a name with a slash is a
 * path (relative to the child's working directory), any other is looked up on the child's
 * {@code PATH}. Done in the parent, before the child starts, so that a missing or unrunnable program
 * is an {@code ENOENT} or {@code EACCES} error event naming it, whatever starts the child.
 */
final class Commands {

    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private Commands() {
    }

    /**
     * The program {@code command} names.
     *
     * @param command as given to spawn
     * @param env the child's environment, or null for this process's
     * @param cwd the child's working directory, or null for this process's
     * @return its absolute path
     * @throws ErrnoException {@code ENOENT} when there is no such program (or working directory),
     *     {@code EACCES} when it cannot be executed
     */
    static Path resolve(String command, Map<String, String> env, Path cwd) throws ErrnoException {
        Path base = cwd == null ? Path.of("").toAbsolutePath() : cwd.toAbsolutePath();
        if (cwd != null && !Files.isDirectory(cwd)) {
            throw new NoSuchFileOrDirectoryException("spawn " + command + " ENOENT: the working directory " + cwd
                    + " does not exist", cwd, null);
        }
        if (command.contains("/")) {
            Path path = base.resolve(path(command));
            if (!Files.exists(path)) {
                throw new NoSuchFileOrDirectoryException("spawn " + command + " ENOENT: there is no file " + path, path, null);
            }
            if (!runnable(path)) {
                throw notExecutable(command, path);
            }
            return path;
        }
        String searchPath = (env == null ? System.getenv() : env).getOrDefault("PATH", DEFAULT_PATH);
        Path denied = null;
        for (String directory : searchPath.split(File.pathSeparator, -1)) {
            Path candidate = (directory.isEmpty() ? base : base.resolve(directory)).resolve(path(command));
            if (Files.exists(candidate)) {
                if (runnable(candidate)) {
                    return candidate;
                }
                denied = denied == null ? candidate : denied;
            }
        }
        if (denied != null) {
            throw notExecutable(command, denied);
        }
        throw new NoSuchFileOrDirectoryException("spawn " + command + " ENOENT: no program named " + command
                + " on the PATH (" + searchPath + ")", Path.of(command), null);
    }

    private static Path path(String command) throws ErrnoException {
        try {
            return Path.of(command);
        } catch (InvalidPathException e) {
            throw new NoSuchFileOrDirectoryException("spawn " + command + " ENOENT: not a valid path", null, e);
        }
    }

    private static boolean runnable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    private static ErrnoException notExecutable(String command, Path path) {
        return new PermissionDeniedException("spawn " + command + " EACCES: " + path
                + (Files.isDirectory(path) ? " is a directory" : " is not executable"), path, null);
    }

    /**
     * The error for a start that failed with {@code errno}.
     *
     * @param errno the error number posix_spawn returned
     * @param command as given to spawn
     * @param program the resolved program
     * @return the error
     */
    static ErrnoException startFailed(int errno, String command, Path program) {
        return switch (errno) {
            case 2 -> new NoSuchFileOrDirectoryException("spawn " + command + " ENOENT", program, null);
            case 13 -> new PermissionDeniedException("spawn " + command + " EACCES", program, null);
            default -> new ErrnoException(code(errno), "spawn " + command + " failed: errno " + errno, program, null);
        };
    }

    /**
     * Node's exit code for a child that could not start: minus its error number.
     *
     * @param error the start's error
     * @return -2 for {@code ENOENT}, -13 for {@code EACCES}...
     */
    static int exitCode(ErrnoException error) {
        return -switch (error.code()) {
            case "ENOENT" -> 2;
            case "EACCES" -> 13;
            case "EAGAIN" -> 11;
            case "ENOMEM" -> 12;
            case "EMFILE" -> 24;
            case "ENFILE" -> 23;
            case "E2BIG" -> 7;
            default -> 1;
        };
    }

    private static String code(int errno) {
        return switch (errno) {
            case 7 -> "E2BIG";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 23 -> "ENFILE";
            case 24 -> "EMFILE";
            default -> "EIO";
        };
    }

    /** Refuses what no C string can hold: Node's {@code ERR_INVALID_ARG_VALUE}. */
    static void checkNoNul(String what, List<String> values) {
        for (String value : values) {
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(what + " must not contain a NUL character: "
                        + value.replace("\0", "\\0"));
            }
        }
    }
}
