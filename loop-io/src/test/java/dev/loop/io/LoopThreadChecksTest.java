package dev.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop-thread-only API refuses other threads with an {@link IllegalStateException} in the
 * loop's own words (the method, the loop, both threads, and to hand the work over with execute),
 * before it touches any state.
 */
@org.junit.jupiter.api.Timeout(20)
class LoopThreadChecksTest {

    @TempDir
    Path dir;

    @Test
    void socketServerStreamsAndFsRefuseOtherThreads() throws Exception {
        String loopName = IoOptions.defaults().loop().name();
        String owner = Thread.currentThread().getName();
        Map<String, String> outcomes = new LinkedHashMap<>();
        try (Io io = Io.create()) {
            Server[] server = new Server[1];
            Socket[] socket = new Socket[1];
            FileReadStream[] in = new FileReadStream[1];
            FileWriteStream[] out = new FileWriteStream[1];
            io.loop().run(() -> {
                server[0] = io.net().createServer(accepted -> { });
                socket[0] = io.net().connect(9, "127.0.0.1").onError(error -> { }); // not connected yet: no matter
                in[0] = io.fs().createReadStream(dir.resolve("in"));
                out[0] = io.fs().createWriteStream(dir.resolve("out"));
            });
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("Socket.write", () -> socket[0].write(ByteBuffer.allocate(1)));
            calls.put("Socket.end", () -> socket[0].end());
            calls.put("Socket.pause", () -> socket[0].pause());
            calls.put("Socket.resume", () -> socket[0].resume());
            calls.put("Socket.destroy", () -> socket[0].destroy());
            calls.put("Socket.onData", () -> socket[0].onData(data -> { }));
            calls.put("Socket.setTimeout", () -> socket[0].setTimeout(1));
            calls.put("Socket.setNoDelay", () -> socket[0].setNoDelay(true));
            calls.put("Socket.bufferedBytes", () -> socket[0].bufferedBytes());
            calls.put("Server.listen", () -> server[0].listen(0, "127.0.0.1"));
            calls.put("Server.close", () -> server[0].close());
            calls.put("Server.address", () -> server[0].address());
            calls.put("Net.connect", () -> io.net().connect(9, "127.0.0.1"));
            calls.put("Net.createServer", () -> io.net().createServer(accepted -> { }));
            calls.put("Fs.readFile", () -> io.fs().readFile(dir.resolve("in")));
            calls.put("Fs.createReadStream", () -> io.fs().createReadStream(dir.resolve("in")));
            calls.put("FileReadStream.onData", () -> in[0].onData(chunk -> { }));
            calls.put("FileReadStream.resume", () -> in[0].resume());
            calls.put("FileWriteStream.write", () -> out[0].write(ByteBuffer.allocate(1)));
            calls.put("FileWriteStream.end", () -> out[0].end());
            Thread other = new Thread(() -> calls.forEach((method, call) -> {
                try {
                    call.run();
                    outcomes.put(method, "no exception");
                } catch (IllegalStateException expected) {
                    outcomes.put(method, expected.getMessage());
                }
            }), "other-thread");
            other.start();
            other.join();

            List<String> wrong = new ArrayList<>();
            calls.keySet().forEach(method -> {
                String expected = method + " must be called on the thread that owns loop '" + loopName + "' (" + owner
                        + "), not on other-thread; hand the work to the loop with loop.execute(...)";
                if (!expected.equals(outcomes.get(method))) {
                    wrong.add(method + ": " + outcomes.get(method));
                }
            });
            assertEquals(List.of(), wrong);

            // Nothing was started: on the loop thread the refused write has left nothing queued,
            // and the streams, never started, still work.
            assertEquals(0, socket[0].bufferedBytes());
            List<String> log = new ArrayList<>();
            io.loop().run(() -> {
                out[0].onFinish(() -> log.add("written"));
                out[0].write(ByteBuffer.wrap(new byte[] {7}));
                out[0].end();
            });
            assertEquals(List.of("written"), log);
            assertTrue(java.nio.file.Files.exists(dir.resolve("out")));
        }
    }
}
