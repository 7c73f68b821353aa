package dev.loop.process.ring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The ring's publication: a reader that sees a record sees all of it. The writer copies a 16-byte
 * message in with plain writes and publishes it by a release store of the tail; the reader's
 * acquire load of the tail must make the whole message visible. Two messages, so that the second
 * write also exercises the writer's read of the head.
 */
@JCStressTest
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "nothing published yet")
@Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "the first message, whole; the second not yet")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "both messages, whole, in order")
@Outcome(expect = FORBIDDEN, desc = "a torn or reordered message")
@State
public class RingStress {

    private final RingWriter writer;
    private final RingReader reader;

    public RingStress() {
        Ring ring = Ring.inMemory(4096);
        writer = new RingWriter(ring);
        reader = new RingReader(ring);
    }

    private static byte[] message(long n) {
        return ByteBuffer.allocate(16).putLong(n).putLong(~n).array();
    }

    /** The message's number, or -2 if its two halves disagree, or -1 for none. */
    private long readOne() {
        try {
            byte[] message = reader.read();
            if (message == null) {
                return -1;
            }
            ByteBuffer buffer = ByteBuffer.wrap(message);
            long n = buffer.getLong();
            return message.length == 16 && buffer.getLong() == ~n ? n : -2;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void write() {
        writer.write(message(1));
        writer.write(message(2));
    }

    @Actor
    public void read(JJ_Result r) {
        r.r1 = readOne();
        r.r2 = r.r1 == 1 ? readOne() : -1;
    }
}
