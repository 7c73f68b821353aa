package dev.loop.process.launch;

import dev.loop.process.ipc.Control;
import dev.loop.process.os.Native;
import dev.loop.process.os.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What a forked child JVM runs first: it arranges to die with its parent (unless detached), then
 * runs the user's main class. A main class that cannot be found or run is reported to the parent
 * through the control file (its error event names it), and the child exits with code 1.
 *
 * <p>Dying with the parent: the parent holds the write end of the child's standard input and
 * never writes to it, so the child's read sees end-of-file within milliseconds of the parent's
 * death, however it died; {@code PR_SET_PDEATHSIG} with {@code SIGKILL} and a check of the parent's
 * pid back that up.
 */
public final class ChildMain {

    private ChildMain() {
    }

    /**
     * Runs the user's main class, named by the first argument, with the rest.
     *
     * @param args the main class, then its arguments
     */
    public static void main(String[] args) throws Throwable {
        markRunning();
        if (Boolean.getBoolean(ChildProperties.DETACHED)) {
            Native.newSession();
        } else {
            watchParent(Long.getLong(ChildProperties.PARENT, -1));
        }
        if (args.length == 0) {
            fail("the child was started without a main class");
        }
        Method main = findMain(args[0]);
        warmUp();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            if (main.getParameterCount() == 1) {
                main.invoke(null, (Object) rest);
            } else {
                main.invoke(null);
            }
        } catch (InvocationTargetException e) {
            throw e.getCause(); // as the java launcher: the stack trace on stderr, exit code 1
        }
    }

    /**
     * Loads and runs the value encoding and the futex calls once before the user's main class, so
     * that a child's first message (often the one a pooled child is handed out for) does not pay
     * for class loading and stub generation.
     */
    private static void warmUp() {
        Object sample = java.util.Map.of("warm", java.util.List.of(1, 2L, 3.0, "up", true));
        dev.loop.value.ValueEncoding.decode(dev.loop.value.ValueEncoding.encode(sample));
        Native.warmUp();
        try (dev.loop.api.EventLoop loop = dev.loop.api.EventLoop.create()) {
            loop.run(() -> loop.setImmediate(() -> loop.nextTick(() -> { }))); // the loop's own paths
        } catch (RuntimeException e) {
            // no loop implementation here: the main class will say so when it makes its loop
        }
    }

    private static Method findMain(String name) {
        Class<?> type;
        String module = System.getProperty(ChildProperties.MODULE);
        try {
            if (module != null) {
                Module named = ModuleLayer.boot().findModule(module).orElse(null);
                type = named == null ? null : Class.forName(named, name);
                if (type == null) {
                    fail("the main class " + name + " was not found in module " + module
                            + (named == null ? " (the module is not on the child's module path)" : ""));
                }
            } else {
                type = Class.forName(name, false, ClassLoader.getSystemClassLoader());
            }
        } catch (ClassNotFoundException | LinkageError e) {
            fail("the main class " + name + " was not found on the child's class path (" + e + ")");
            return null;
        }
        for (Class<?>[] parameters : new Class<?>[][] {{String[].class}, {}}) {
            try {
                Method main = type.getDeclaredMethod("main", parameters);
                if (Modifier.isStatic(main.getModifiers())) {
                    main.setAccessible(true);
                    return main;
                }
            } catch (NoSuchMethodException e) {
                // try the next form
            } catch (RuntimeException e) {
                fail("the main method of " + name + " cannot be called: " + e);
            }
        }
        fail("the main class " + name + " has no static main(String[]) or main() method");
        return null;
    }

    /**
     * Tells the parent that this JVM's runtime is initialised: a shutdown signal it holds back
     * until then can be sent now.
     */
    private static void markRunning() {
        String channel = System.getProperty(ChildProperties.CHANNEL);
        if (channel != null) {
            try (Control control = Control.open(Path.of(channel))) {
                control.setRunning(Control.CHILD);
            } catch (IOException | RuntimeException e) {
                // the parent sends what it holds once its wait is over
            }
        }
    }

    /** Tells the parent why the child cannot run (its error event says it), then exits. */
    private static void fail(String message) {
        String channel = System.getProperty(ChildProperties.CHANNEL);
        if (channel != null) {
            try (Control control = Control.open(Path.of(channel))) {
                control.recordFailure(message);
            } catch (IOException | RuntimeException e) {
                // the parent sees exit code 1 all the same
            }
        }
        System.err.println("loop-process child: " + message);
        System.exit(1);
    }

    private static void watchParent(long parent) {
        Native.setParentDeathSignal(Signals.KILL);
        if (parent > 0 && Native.parentPid() != parent) {
            Runtime.getRuntime().halt(1); // the parent died before the signal was armed
        }
        Thread.ofPlatform().daemon(true).name("loop-process-parent-watch").start(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[64];
            try {
                while (in.read(buffer) >= 0) {
                    // the parent never writes: anything read is ignored
                }
            } catch (IOException e) {
                // a broken pipe is the parent's death too
            }
            Runtime.getRuntime().halt(1); // the parent is gone: so is its child
        });
    }
}
