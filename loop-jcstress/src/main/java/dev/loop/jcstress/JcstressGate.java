package dev.loop.jcstress;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;

/**
 * Runs jcstress with the given command line and exits with status 1 unless every selected test ran
 * and passed: the jar's entry point, so that a build can trust the exit status.
 *
 * <p>jcstress 0.16 itself ends with an {@code AssertionError} (exit status 1) when a test saw a
 * FORBIDDEN outcome, threw, timed out (an actor that never returns, such as a lost wake-up) or
 * crashed its VM. It exits 0, though, when no test matches (the annotation processor did not run,
 * or {@code -t} matches nothing), when no JVM configuration works, and when a test could not run
 * on this JVM (API_MISMATCH, which it ignores silently). After a run that jcstress let pass, this
 * reads the result file it wrote and fails on each of those: every selected test must have
 * results, all of them NORMAL, passed, and with at least one sample.
 *
 * <p>jcstress gives up on an actor that does not return during the timed run (TIMEOUT_ERROR after
 * 30 s), but not during the single call of each actor it makes first to check the test, which
 * waits forever; nor does it limit a forked VM's life. So a deadline bounds the whole run: past
 * {@code -Ddev.loop.jcstress.timeoutMinutes} (10 by default) the forked VMs are killed and the
 * gate fails, naming the likely cause.
 */
public final class JcstressGate {

    private static final String TIMEOUT_PROPERTY = "dev.loop.jcstress.timeoutMinutes";

    private JcstressGate() {
    }

    /**
     * Runs jcstress, then checks its results.
     *
     * @param args jcstress's own options ({@code -m quick -t Mailbox ...}; {@code -h} lists them)
     * @throws Exception what jcstress throws, including its {@code AssertionError} on failed tests
     */
    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        if (!options.parse()) {
            System.exit(1);
        }
        startDeadline(Duration.ofMinutes(Long.getLong(TIMEOUT_PROPERTY, 10)));
        JCStress jcstress = new JCStress(options);
        SortedSet<String> selected = jcstress.getTests();
        if (selected.isEmpty()) {
            fail(List.of("no jcstress test matches -t '" + options.getTestFilter() + "'; if the filter is"
                    + " right, the jar has no META-INF/TestList: build it with jcstress's annotation processor"));
        }
        jcstress.run(); // prints the report; throws on FORBIDDEN outcomes and test errors
        List<String> problems = check(selected, read(options.getResultFile()));
        if (!problems.isEmpty()) {
            fail(problems);
        }
        System.out.println("jcstress gate: all " + selected.size() + " selected tests ran and passed");
    }

    /** Fails the run once {@code limit} has passed, killing the forked VMs that are still running. */
    private static void startDeadline(Duration limit) {
        Thread.ofPlatform().name("jcstress-deadline").daemon(true).start(() -> {
            try {
                Thread.sleep(limit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            fail(List.of("jcstress did not finish within " + limit.toMinutes() + " min, so its forked VMs were killed."
                    + " An actor that never returns hangs it: a lost wake-up leaves a waiter parked for good."
                    + " Raise -D" + TIMEOUT_PROPERTY + " if the machine is just slow."));
        });
    }

    private static List<TestResult> read(String resultFile) throws Exception {
        if (!new File(resultFile).exists()) {
            fail(List.of("jcstress wrote no result file (" + resultFile + "); its FATAL line above says why"));
        }
        InProcessCollector results = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(resultFile, results);
        try {
            reader.dump();
        } finally {
            reader.close();
        }
        return new ArrayList<>(results.getTestResults());
    }

    private static List<String> check(SortedSet<String> selected, List<TestResult> results) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> runs = new HashMap<>();
        for (TestResult result : results) {
            String name = result.getName();
            runs.merge(name, 1, Integer::sum);
            String config = name + " " + result.getConfig().jvmArgs;
            if (result.status() != Status.NORMAL) {
                problems.add(config + ": status " + result.status() + " " + result.getMessages());
            } else if (!result.grading().isPassed) {
                problems.add(config + ": " + result.grading().failureMessages);
            } else if (result.getTotalCount() == 0) {
                problems.add(config + ": ran no sample");
            }
        }
        for (String test : selected) {
            if (!runs.containsKey(test)) {
                problems.add(test + ": has no result; it did not run");
            }
        }
        return problems;
    }

    private static void fail(List<String> problems) {
        System.out.println("jcstress gate: FAILED");
        for (String problem : problems) {
            System.out.println("  " + problem);
        }
        System.exit(1);
    }
}
