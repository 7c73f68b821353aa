package dev.loop.process;

import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import dev.loop.api.Timeout;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@link Processes#execFile} and {@link Processes#exec}: a spawned command whose output is
 * collected, with its timeout and buffer limits (Node's {@code execFile}, promisified).
 *
 * <p><b>Threads:</b> the loop's thread, as the child it spawns.
 */
final class Exec {

    private final ExecOptions options;
    private final String cmd;
    private final Promise.Resolvers<ExecResult> result;
    private final Output stdout;
    private final Output stderr;
    private ChildProcess child;
    private Timeout timer;
    private Throwable startError;
    /** Why this killed the command (its timeout, or a stream past maxBuffer), or null. */
    private String killedFor;

    private Exec(EventLoop loop, String cmd, ExecOptions options) {
        this.options = options;
        this.cmd = cmd;
        this.result = loop.withResolvers();
        this.stdout = new Output("stdout", options.maxBuffer());
        this.stderr = new Output("stderr", options.maxBuffer());
    }

    static Promise<ExecResult> run(String file, List<String> args, String cmd, ExecOptions options) {
        EventLoop loop = EventLoop.current().orElseThrow(() -> new IllegalStateException(
                "execFile and exec must be called on a loop thread: the command's events run on that loop"));
        Exec exec = new Exec(loop, cmd, options);
        exec.start(loop, file, args);
        return exec.result.promise();
    }

    private void start(EventLoop loop, String file, List<String> args) {
        child = Processes.spawn(file, args, new SpawnOptions(options.cwd(), options.env(), Stdio.PIPE, Stdio.PIPE,
                Stdio.PIPE, false, options.signal(), options.killSignal()));
        child.onError(error -> startError = error); // it could not start, or was aborted: close follows
        child.onClose(this::closed);
        if (child.stdin() == null) {
            return; // it could not start
        }
        child.stdin().end();
        child.stdout().onData(chunk -> collect(stdout, chunk));
        child.stderr().onData(chunk -> collect(stderr, chunk));
        if (!options.timeout().isZero()) {
            timer = loop.setTimeout(() -> kill("timeout"), Math.max(1, options.timeout().toMillis()));
        }
    }

    private void collect(Output output, ByteBuffer chunk) {
        if (!output.add(chunk) && killedFor == null) {
            kill(output.name + " maxBuffer length exceeded");
        }
    }

    private void kill(String reason) {
        killedFor = reason;
        child.kill(options.killSignal());
    }

    private void closed(ExitStatus status) {
        if (timer != null) {
            timer.close();
        }
        if (startError instanceof dev.loop.api.AbortError aborted) {
            result.reject(aborted);
            return;
        }
        byte[] out = stdout.bytes();
        byte[] err = stderr.bytes();
        if (startError == null && killedFor == null && Integer.valueOf(0).equals(status.code())) {
            result.resolve(new ExecResult(out, err, options.encoding()));
            return;
        }
        String stderrText = new String(err, options.encoding());
        String message;
        if (startError != null) {
            message = startError.getMessage();
        } else if (killedFor != null && !killedFor.equals("timeout")) {
            message = killedFor + ": " + cmd;
        } else {
            message = "Command failed: " + cmd + (killedFor != null ? " (killed after its timeout of " + options.timeout()
                    + ")" : "") + "\n" + stderrText;
        }
        result.reject(new ExecException(message, startError, cmd, status, killedFor != null,
                new String(out, options.encoding()), stderrText));
    }

    /** One stream's output, kept up to maxBuffer bytes. */
    private static final class Output {
        final String name;
        final long max;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Output(String name, long max) {
            this.name = name;
            this.max = max;
        }

        /** Keeps what fits; false when the chunk went past the limit. */
        boolean add(ByteBuffer chunk) {
            int room = (int) Math.min(Integer.MAX_VALUE - 8, max - bytes.size());
            int kept = Math.min(room, chunk.remaining());
            bytes.write(chunk.array(), chunk.arrayOffset() + chunk.position(), kept);
            return kept == chunk.remaining();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
