package dev.loop.process.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which forks may use a cache, under which key, and what the first one does about it. */
class AotCacheTest {

    @TempDir
    Path dir;
    private Path jar;

    @BeforeEach
    void aJarAndACacheDirectory() throws IOException {
        jar = Files.write(dir.resolve("app.jar"), new byte[] {1, 2, 3});
        System.setProperty(AotCache.DIRECTORY_PROPERTY, dir.resolve("cache").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty(AotCache.DIRECTORY_PROPERTY);
    }

    @Test
    void aNonEmptyDirectoryOnThePathsMeansNoCache() throws IOException {
        Path classes = Files.createDirectory(dir.resolve("classes"));
        assertNotNull(AotCache.key(List.of("-Xmx1g"), List.of(jar, classes)), "an empty directory is fine");
        Files.write(classes.resolve("A.class"), new byte[] {0});
        assertNull(AotCache.key(List.of("-Xmx1g"), List.of(jar, classes)));
        assertInstanceOf(AotCache.None.class, AotCache.plan(List.of("-Xmx1g"), List.of(jar, classes)));
    }

    @Test
    void theKeyChangesWithTheJarsAndTheOptions() throws IOException {
        String key = AotCache.key(List.of("-Xmx1g"), List.of(jar));
        assertEquals(key, AotCache.key(List.of("-Xmx1g"), List.of(jar)));
        assertNotEquals(key, AotCache.key(List.of("-Xmx2g"), List.of(jar)));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertNotEquals(key, AotCache.key(List.of("-Xmx1g"), List.of(jar)), "a rebuilt jar gets a cache of its own");
    }

    @Test
    void theFirstForkTrainsOthersWaitThenAllUseTheCache() throws IOException {
        List<String> options = List.of("-Dunique=" + System.nanoTime());
        AotCache.Train train = assertInstanceOf(AotCache.Train.class, AotCache.plan(options, List.of(jar)));
        assertEquals(List.of("-XX:AOTCacheOutput=" + train.output()), train.trainingArgs());
        assertInstanceOf(AotCache.None.class, AotCache.plan(options, List.of(jar)), "one training at a time");
        Files.write(train.output(), new byte[] {42}); // what the training child's JVM writes at its exit
        train.trained();
        assertTrue(Files.isRegularFile(train.file()));
        AotCache.Use use = assertInstanceOf(AotCache.Use.class, AotCache.plan(options, List.of(jar)));
        assertEquals("-XX:AOTCache=" + train.file(), use.jvmArgs().getFirst());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(train.file().getParent())));
    }
}
