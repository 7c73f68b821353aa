package com.example.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ported script prints what Node prints for script.js: recorded here, and run in Node when it is installed. */
class ScriptTest {

    private static final List<String> NODE_20 = List.of(
            "sync", "nextTick", "promise 21", "immediate", "timeout", "delay later", "beforeExit", "exit");

    @Test
    void thePortPrintsNodesOrder() {
        List<String> lines = new ArrayList<>();
        Script.run(lines::add);
        assertEquals(NODE_20, lines);
    }

    @Test
    void nodeItselfAgrees(@TempDir Path dir) throws IOException, InterruptedException {
        Path script = dir.resolve("script.js");
        try (InputStream in = ScriptTest.class.getResourceAsStream("/script.js")) {
            Files.write(script, in.readAllBytes());
        }
        Process node;
        try {
            node = new ProcessBuilder("node", script.toString()).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            org.junit.jupiter.api.Assumptions.abort("node is not on the PATH: " + notInstalled.getMessage());
            return;
        }
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        node.waitFor(30, TimeUnit.SECONDS);
        assertEquals(NODE_20, out.lines().toList());
    }
}
