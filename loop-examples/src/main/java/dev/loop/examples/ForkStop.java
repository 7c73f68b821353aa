package dev.loop.examples;

import dev.loop.api.EventLoop;
import dev.loop.io.Io;
import dev.loop.process.ChildContext;
import dev.loop.process.ChildProcess;
import dev.loop.process.ForkOptions;
import dev.loop.process.Processes;
import java.io.PrintStream;
import java.util.List;

/**
 * Node's {@code child_process.fork}: a CPU-bound job (counting primes) split across four child
 * JVMs, each sent its range as a message and replying with its count, against the same job in one
 * child. The children run on separate cores, so four finish sooner on a machine that has them.
 */
final class ForkStop implements Stop {

    static final long LIMIT = 6_000_000;

    @Override
    public String title() {
        return "Fork: a CPU-bound job split across four child JVMs, over shared memory";
    }

    @Override
    public void run(Io io, PrintStream out) {
        EventLoop loop = io.loop();
        long[] millis = new long[2];
        long[] primes = new long[2];
        int[] index = {0};
        for (int children : new int[] {1, 4}) {
            loop.run(() -> {
                long start = System.nanoTime();
                int[] replies = {0};
                int run = index[0]++;
                for (int c = 0; c < children; c++) {
                    ChildProcess child = Processes.fork(ForkOptions.of(PrimeCounter.class));
                    child.onMessage(count -> {
                        primes[run] += (Long) count;
                        child.disconnect();
                        if (++replies[0] == children) {
                            millis[run] = (System.nanoTime() - start) / 1_000_000;
                        }
                    });
                    child.send(List.of(LIMIT * c / children, LIMIT * (c + 1) / children));
                }
            });
        }
        out.println("1 child:    " + primes[0] + " primes below " + LIMIT + " in " + millis[0] + " ms");
        out.println("4 children: " + primes[1] + " primes below " + LIMIT + " in " + millis[1] + " ms (each child starts a JVM)");
    }

    /** The child: counts the primes in the range [from, to) it is sent, replies, and ends when disconnected. */
    public static final class PrimeCounter {
        private PrimeCounter() {
        }

        /**
         * Runs the child's loop.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            ChildContext.answerEach(range -> {
                List<?> bounds = (List<?>) range;
                return count(((Number) bounds.get(0)).longValue(), ((Number) bounds.get(1)).longValue());
            });
        }

        private static long count(long from, long to) {
            long count = 0;
            for (long n = Math.max(2, from); n < to; n++) {
                boolean prime = true;
                for (long d = 2; d * d <= n; d++) {
                    if (n % d == 0) {
                        prime = false;
                        break;
                    }
                }
                if (prime) {
                    count++;
                }
            }
            return count;
        }
    }
}
