package dev.loop.process.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * {@code posix_spawn(3)} through the FFM API: starts a program with its standard descriptors set
 * up, its signal dispositions and mask reset, every other descriptor closed, and optionally in a new
 * session. glibc's {@code posix_spawn} uses {@code vfork}, so starting a command from a large JVM
 * copies no page tables, and it reports a failed {@code exec} as its result.
 *
 * <p><b>Thread safety:</b> any thread; but a child asks for its parent-death signal relative to the
 * thread that started it, so the process module starts every child on one long-lived thread.
 */
public final class PosixSpawn {

    /** Give the child this process's descriptor (standard input, output or error) as it is. */
    public static final int INHERIT = -1;
    /** Give the child {@code /dev/null}. */
    public static final int NULL_DEVICE = -2;

    private static final short SETSIGDEF = 0x04;
    private static final short SETSIGMASK = 0x08;
    private static final short SETSID = 0x80;
    private static final int O_RDWR = 2;
    /** Large enough for glibc's posix_spawn_file_actions_t (80 bytes) and posix_spawnattr_t (336). */
    private static final long OPAQUE = 1024;
    private static final long SIGSET = 128;

    private static final MethodHandle SPAWN = Ffi.downcall("posix_spawn", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS));
    private static final MethodHandle ACTIONS_INIT = function("posix_spawn_file_actions_init", ValueLayout.ADDRESS);
    private static final MethodHandle ACTIONS_DESTROY = function("posix_spawn_file_actions_destroy", ValueLayout.ADDRESS);
    private static final MethodHandle ADD_DUP2 = function("posix_spawn_file_actions_adddup2",
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final MethodHandle ADD_OPEN = function("posix_spawn_file_actions_addopen", ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final MethodHandle ADD_CHDIR = function("posix_spawn_file_actions_addchdir_np",
            ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    /** glibc 2.34 and later: close every descriptor from 3 up in the child. */
    private static final Optional<MethodHandle> ADD_CLOSEFROM = Ffi.optional("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle ATTR_INIT = function("posix_spawnattr_init", ValueLayout.ADDRESS);
    private static final MethodHandle ATTR_DESTROY = function("posix_spawnattr_destroy", ValueLayout.ADDRESS);
    private static final MethodHandle SET_FLAGS = function("posix_spawnattr_setflags", ValueLayout.ADDRESS,
            ValueLayout.JAVA_SHORT);
    private static final MethodHandle SET_SIGMASK = function("posix_spawnattr_setsigmask", ValueLayout.ADDRESS,
            ValueLayout.ADDRESS);
    private static final MethodHandle SET_SIGDEFAULT = function("posix_spawnattr_setsigdefault", ValueLayout.ADDRESS,
            ValueLayout.ADDRESS);

    private PosixSpawn() {
    }

    private static MethodHandle function(String name, java.lang.foreign.MemoryLayout... arguments) {
        return Ffi.downcall(name, FunctionDescriptor.of(ValueLayout.JAVA_INT, arguments));
    }

    /**
     * Starts {@code path} with {@code argv} and {@code env}.
     *
     * @param path the program, an absolute path (no {@code PATH} search here)
     * @param argv the arguments, the program's name first
     * @param env the environment, {@code NAME=value} each
     * @param cwd the working directory, or null for this process's
     * @param stdio for descriptors 0, 1 and 2: a descriptor of this process to give the child,
     *     {@link #INHERIT} or {@link #NULL_DEVICE}
     * @param newSession whether the child leads a new session and process group ({@code detached})
     * @return the child's pid, or {@code -errno} when it could not start ({@code -ENOENT},
     *     {@code -EACCES}...)
     */
    public static long spawn(String path, List<String> argv, List<String> env, String cwd, int[] stdio, boolean newSession) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(OPAQUE, 16);
            MemorySegment attributes = arena.allocate(OPAQUE, 16);
            check((int) ACTIONS_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
            check((int) ATTR_INIT.invokeExact(attributes), "posix_spawnattr_init");
            try {
                for (int target = 0; target < 3; target++) {
                    if (stdio[target] >= 0) {
                        check((int) ADD_DUP2.invokeExact(actions, stdio[target], target), "adddup2");
                    } else if (stdio[target] == NULL_DEVICE) {
                        check((int) ADD_OPEN.invokeExact(actions, target, arena.allocateFrom("/dev/null"), O_RDWR, 0),
                                "addopen");
                    }
                }
                if (cwd != null) {
                    check((int) ADD_CHDIR.invokeExact(actions, arena.allocateFrom(cwd)), "addchdir_np");
                }
                if (ADD_CLOSEFROM.isPresent()) {
                    check((int) ADD_CLOSEFROM.get().invokeExact(actions, 3), "addclosefrom_np");
                }
                MemorySegment none = arena.allocate(SIGSET, 8);
                MemorySegment all = arena.allocate(SIGSET, 8);
                // Signals 1 to 31 but KILL (9) and STOP (19), which cannot be reset: bit n-1 for signal n.
                all.set(ValueLayout.JAVA_LONG, 0, 0x7FFF_FFFFL & ~(1L << 8) & ~(1L << 18));
                check((int) SET_SIGMASK.invokeExact(attributes, none), "setsigmask");
                check((int) SET_SIGDEFAULT.invokeExact(attributes, all), "setsigdefault");
                short flags = (short) (SETSIGDEF | SETSIGMASK | (newSession ? SETSID : 0));
                check((int) SET_FLAGS.invokeExact(attributes, flags), "setflags");
                MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                int error = (int) SPAWN.invokeExact(pid, arena.allocateFrom(path), actions, attributes,
                        strings(arena, argv), strings(arena, env));
                return error != 0 ? -error : pid.get(ValueLayout.JAVA_INT, 0);
            } finally {
                int destroyed = (int) ACTIONS_DESTROY.invokeExact(actions);
                destroyed |= (int) ATTR_DESTROY.invokeExact(attributes);
                assert destroyed == 0;
            }
        } catch (Throwable t) {
            throw Ffi.rethrow(t);
        }
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(int error, String what) {
        if (error != 0) {
            throw new IllegalStateException("posix_spawn's " + what + " failed: error " + error);
        }
    }
}
