package dev.loop.process.chronicle;

import dev.loop.process.spi.IpcReader;
import dev.loop.process.spi.IpcTransportProvider;
import dev.loop.process.spi.IpcWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.impl.StoreFileListener;

/**
 * The {@code "chronicle"} transport: one Chronicle Queue per direction, in the channel's directory
 * on {@code /dev/shm}. When this jar is on the class path it is the default transport (priority 20,
 * above the ring's 10).
 *
 * <p><b>Why a class-path jar.</b> Chronicle's jars are not modules (several lack an
 * {@code Automatic-Module-Name}), and on the module path it needs more flags still. This transport
 * therefore lives in the unnamed module, beside Chronicle, and reaches the process module only
 * through its SPI ({@code META-INF/services}); {@code dev.loop.process} never names Chronicle.
 *
 * <p><b>JVM flags.</b> Chronicle needs, in both JVMs:
 * <pre>
 * --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
 * --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
 * --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
 * --sun-misc-unsafe-memory-access=allow
 * </pre>
 * Without the first, opening a queue throws; without the second, the queue silently becomes
 * read-only. So this transport is unavailable (and says which flags to add) when they are missing,
 * and writes a metadata document right after opening each queue, so a queue that cannot be written
 * fails at once. The launcher gives a child the flags itself.
 */
public final class ChronicleTransportProvider implements IpcTransportProvider {

    /** The name to give {@code ForkOptions.withTransport}. */
    public static final String NAME = "chronicle";

    /** The flags Chronicle needs in both JVMs. */
    static final List<String> FLAGS = List.of(
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    /** Chronicle's announcer banner, usage analytics and disk monitor thread: all off. */
    static final List<String> PROPERTIES = List.of(
            "chronicle.announcer.disable", "chronicle.analytics.disable", "chronicle.disk.monitor.disable");

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public ChronicleTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public String unavailabilityCause() {
        Module self = ChronicleTransportProvider.class.getModule();
        Module base = Object.class.getModule();
        List<String> missing = new ArrayList<>();
        if (!base.isOpen("java.lang.reflect", self)) {
            missing.add(FLAGS.get(0));
        }
        if (!base.isExported("sun.nio.ch", self)) {
            missing.add(FLAGS.get(1));
        }
        if (!base.isExported("jdk.internal.ref", self)) {
            missing.add(FLAGS.get(2));
        }
        if (missing.isEmpty()) {
            return null;
        }
        return "Chronicle Queue needs these JVM flags, which this JVM lacks: " + String.join(" ", missing)
                + " (add them to the java command line; forked children get them from the launcher)";
    }

    @Override
    public List<String> childJvmArgs() {
        List<String> args = new ArrayList<>(FLAGS);
        PROPERTIES.forEach(property -> args.add("-D" + property + "=true"));
        return args;
    }

    @Override
    public IpcWriter openWriter(Path directory, String queue, long capacityBytes) throws IOException {
        return new ChronicleWriter(ChronicleQueues.open(directory.resolve(queue), capacityBytes, StoreFileListener.noOp()));
    }

    @Override
    public IpcReader openReader(Path directory, String queue, long capacityBytes) throws IOException {
        return ChronicleReader.open(directory.resolve(queue), capacityBytes);
    }
}
