package dev.loop.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's example property is the one consumer-it's project runs (DebounceProperties), line for line. */
class ReadmeExampleIT {

    @Test
    void theReadmePropertyIsTheOneThatRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(Path.of("..", "consumer-it", "src", "it", "porter", "src", "test", "java", "com", "example", "porter",
                "DebounceProperties.java"));
        String property = source.substring(source.indexOf("    @Property\n"), source.indexOf("    // README example end"));
        String unindented = property.lines()
                .map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(Collectors.joining("\n"));
        assertTrue(readme.contains(unindented.strip()),
                "README.md's example property differs from DebounceProperties.runsOnceAfterEachQuietPeriod; copy it over:\n" + unindented);
    }
}
