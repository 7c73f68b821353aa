package dev.loop.process;

import java.nio.charset.Charset;

/**
 * The output of a command that {@link Processes#execFile} or {@link Processes#exec} ran: Node's
 * {@code {stdout, stderr}}.
 */
public final class ExecResult {

    private final byte[] stdout;
    private final byte[] stderr;
    private final Charset encoding;

    ExecResult(byte[] stdout, byte[] stderr, Charset encoding) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.encoding = encoding;
    }

    /**
     * Standard output, decoded with {@link ExecOptions#encoding()}.
     *
     * @return the text
     */
    public String stdout() {
        return new String(stdout, encoding);
    }

    /**
     * Standard error, decoded with {@link ExecOptions#encoding()}.
     *
     * @return the text
     */
    public String stderr() {
        return new String(stderr, encoding);
    }

    /**
     * Standard output as it was written (Node's {@code encoding: 'buffer'}).
     *
     * @return a copy of the bytes
     */
    public byte[] stdoutBytes() {
        return stdout.clone();
    }

    /**
     * Standard error as it was written.
     *
     * @return a copy of the bytes
     */
    public byte[] stderrBytes() {
        return stderr.clone();
    }

    @Override
    public String toString() {
        return "ExecResult[stdout " + stdout.length + " bytes, stderr " + stderr.length + " bytes]";
    }
}
