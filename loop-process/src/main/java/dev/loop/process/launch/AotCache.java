package dev.loop.process.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JDK 25's ahead-of-time cache for forked children: a child started with one loads and links its
 * classes from it instead of from the jars, and starts in about two thirds of the time.
 *
 * <p>A cache is made once per <em>key</em>: a hash of the JDK's build, the child's JVM options and
 * the path, size and modification time of every jar on its class path and module path, so a rebuilt
 * jar or another JDK gets a cache of its own (JDK 25.0.3 can serve stale classes from a cache made
 * before a jar was rebuilt, JDK-8377932). The first fork of a key starts without a cache and, in
 * the background, one <em>training</em> child: the same command with
 * {@code -XX:AOTCacheOutput}, its output discarded, disconnected once its main class has taken
 * its parent port; its JVM writes the cache as it exits, and later forks use it. The JVM cannot
 * cache classes from a directory, so a child with a non-empty directory on its paths (a build's
 * {@code target/classes}) never uses one.
 *
 * <p>Caches live in {@value #DIRECTORY_PROPERTY}, else {@code $XDG_CACHE_HOME/loop-process/aot},
 * else {@code ~/.cache/loop-process/aot} (mode 0700); delete the directory to drop them.
 *
 * <p><b>Thread safety:</b> any thread.
 */
public final class AotCache {

    /** A system property naming the directory of the caches. */
    public static final String DIRECTORY_PROPERTY = "dev.loop.process.aotCacheDir";

    /** Keys whose training child has been started by this JVM. */
    private static final Set<String> TRAINING = ConcurrentHashMap.newKeySet();

    private AotCache() {
    }

    /** What a fork does about the cache. */
    public sealed interface Plan {
        /** Add these JVM options to the child. */
        List<String> jvmArgs();
    }

    /** No cache: the child's paths hold a directory, or caching is off. */
    public record None() implements Plan {
        @Override
        public List<String> jvmArgs() {
            return List.of();
        }
    }

    /**
     * Use the cache {@code file}.
     *
     * @param file the cache
     */
    public record Use(Path file) implements Plan {
        @Override
        public List<String> jvmArgs() {
            // If the JVM cannot use it after all, it starts without it: quietly.
            return List.of("-XX:AOTCache=" + file, "-Xlog:aot=off", "-Xlog:cds=off");
        }
    }

    /**
     * No cache yet: start the child without one, and a training child with {@link #trainingArgs}.
     *
     * @param output where the training child's JVM writes the cache
     * @param file where the cache goes once written
     */
    public record Train(Path output, Path file) implements Plan {
        @Override
        public List<String> jvmArgs() {
            return List.of();
        }

        /**
         * The training child's extra JVM options.
         *
         * @return the options
         */
        public List<String> trainingArgs() {
            return List.of("-XX:AOTCacheOutput=" + output);
        }

        /** The training child has exited: its cache, if it wrote one, becomes the key's. */
        public void trained() {
            try {
                if (Files.size(output) > 0) {
                    Files.move(output, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                // no cache was written: forks go on without one
            } finally {
                try {
                    Files.deleteIfExists(output);
                    Files.deleteIfExists(Path.of(output + ".config"));
                } catch (IOException e) {
                    // best effort
                }
            }
        }
    }

    /**
     * What a child with these JVM options and paths should do about the cache.
     *
     * @param jvmOptions the child's JVM options, without the channel's properties
     * @param paths every class path and module path entry
     * @return the plan
     */
    public static Plan plan(List<String> jvmOptions, List<Path> paths) {
        String key;
        try {
            key = key(jvmOptions, paths);
        } catch (IOException e) {
            return new None();
        }
        if (key == null) {
            return new None();
        }
        try {
            Path directory = directory();
            Path file = directory.resolve(key + ".aot");
            if (Files.isRegularFile(file)) {
                return new Use(file);
            }
            if (!TRAINING.add(key)) {
                return new None(); // being trained
            }
            return new Train(directory.resolve(key + ".aot.tmp-" + ProcessHandle.current().pid()), file);
        } catch (IOException e) {
            return new None();
        }
    }

    /** The directory of the caches, made (0700) if needed. */
    static Path directory() throws IOException {
        return CacheHome.directory("aot", System.getProperty(DIRECTORY_PROPERTY));
    }

    /** The key, or null when a path is a non-empty directory (the JVM cannot cache from one). */
    static String key(List<String> jvmOptions, List<Path> paths) throws IOException {
        List<String> parts = new ArrayList<>();
        parts.add(System.getProperty("java.home"));
        parts.add(System.getProperty("java.vm.version"));
        parts.addAll(jvmOptions);
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (var entries = Files.list(path)) {
                    if (entries.findAny().isPresent()) {
                        return null;
                    }
                }
                continue;
            }
            if (Files.isRegularFile(path)) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                parts.add(path.toAbsolutePath() + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis());
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
