package dev.loop.process.launch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The program a spawned command starts through so that it dies with this JVM: it asks the kernel
 * for {@code SIGKILL} when its parent dies ({@code prctl(PR_SET_PDEATHSIG)}), checks that its
 * parent is still this JVM (it may have died before the request), and {@code execve}s the command,
 * which keeps the request. Node gets the same from libuv's fork; a JVM has no code between its
 * fork and exec, so the code runs in this helper.
 *
 * <p>The helper is 108 bytes of x86-64 machine code in a static ELF file, made here and kept in
 * the user's cache directory ({@code ~/.cache/loop-process/exec}). It links nothing and starts in
 * microseconds, where util-linux's {@code setpriv --pdeathsig KILL} (the fallback elsewhere, and
 * on other architectures) costs about a millisecond per spawn in dynamic linking. Its arguments:
 * the parent's pid, the program's path, then the command's {@code argv} (its name first). The
 * code, as {@code as} would assemble it:
 *
 * <pre>
 *   mov rbx, rsp              ; [rbx] = argc, [rbx+8] = argv[0]...
 *   mov eax, 157              ; prctl(PR_SET_PDEATHSIG, SIGKILL)
 *   mov edi, 1
 *   mov esi, 9
 *   syscall
 *   mov rsi, [rbx+16]         ; argv[1]: the parent's pid in decimal
 *   xor r12d, r12d
 * parse:
 *   movzx ecx, byte [rsi]
 *   test ecx, ecx
 *   jz parsed
 *   sub ecx, '0'
 *   imul r12d, r12d, 10
 *   add r12d, ecx
 *   inc rsi
 *   jmp parse
 * parsed:
 *   mov eax, 110              ; getppid(): still the pid we were given?
 *   syscall
 *   cmp eax, r12d
 *   jne die
 *   mov rdi, [rbx+24]         ; execve(argv[2], &amp;argv[3], envp)
 *   lea rsi, [rbx+32]
 *   mov rcx, [rbx]
 *   lea rdx, [rbx+rcx*8+16]   ; envp follows argv's NULL
 *   mov eax, 59
 *   syscall
 *   mov edi, 127              ; exec failed: exit_group(127), as a shell would
 *   mov eax, 231
 *   syscall
 * die:
 *   mov edi, 1                ; the parent died already: exit_group(1)
 *   mov eax, 231
 *   syscall
 * </pre>
 *
 * <p><b>Thread safety:</b> any thread.
 */
public final class DeathSignalExec {

    private static final byte[] CODE = HexFormat.of().parseHex(
            "4889e3" + "b89d000000" + "bf01000000" + "be09000000" + "0f05" + "488b7310" + "4531e4"
            + "0fb60e" + "85c9" + "740f" + "83e930" + "456be40a" + "4101cc" + "48ffc6" + "ebea"
            + "b86e000000" + "0f05" + "4439e0" + "7523"
            + "488b7b18" + "488d7320" + "488b0b" + "488d54cb10" + "b83b000000" + "0f05"
            + "bf7f000000" + "b8e7000000" + "0f05"
            + "bf01000000" + "b8e7000000" + "0f05");
    private static final long BASE = 0x400000;
    private static final int HEADERS = 64 + 56;
    private static final Path SETPRIV = locate("/usr/bin/setpriv", "/bin/setpriv");
    private static final Path HELPER = install();

    private DeathSignalExec() {
    }

    /**
     * The command line that starts {@code program} with {@code argv} so that it dies with this JVM.
     *
     * @param program the program's absolute path
     * @param argv its arguments, its name first
     * @return the command line to spawn (its first element is the path to start), or null when
     *     neither this helper nor {@code setpriv} can run here
     */
    static List<String> wrap(Path program, List<String> argv) {
        if (HELPER != null) {
            List<String> command = new java.util.ArrayList<>(List.of(HELPER.toString(),
                    Long.toString(ProcessHandle.current().pid()), program.toString()));
            command.addAll(argv);
            return command;
        }
        if (SETPRIV != null) {
            List<String> command = new java.util.ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--",
                    program.toString()));
            command.addAll(argv.subList(1, argv.size())); // setpriv passes the path as the name
            return command;
        }
        return null;
    }

    /** The ELF file: its header, one loadable segment (the whole file, read and execute), the code. */
    static byte[] elf() {
        ByteBuffer file = ByteBuffer.allocate(HEADERS + CODE.length).order(ByteOrder.LITTLE_ENDIAN);
        file.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // 64-bit, little-endian, SysV
        file.putShort((short) 2).putShort((short) 0x3e).putInt(1); // an executable, for x86-64, version 1
        file.putLong(BASE + HEADERS).putLong(64).putLong(0); // entry, program headers at 64, no sections
        file.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1); // flags, sizes, 1 program header
        file.putShort((short) 64).putShort((short) 0).putShort((short) 0);
        file.putInt(1).putInt(5).putLong(0).putLong(BASE).putLong(BASE); // PT_LOAD, R+X, from offset 0 at BASE
        file.putLong(HEADERS + CODE.length).putLong(HEADERS + CODE.length).putLong(0x1000);
        file.put(CODE);
        return file.array();
    }

    private static Path install() {
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return null;
        }
        try {
            Path directory = CacheHome.directory("exec", null);
            byte[] elf = elf();
            Path helper = directory.resolve("pdeath-exec-" + HexFormat.of().toHexDigits(Arrays.hashCode(elf)));
            if (!Files.isRegularFile(helper) || !Arrays.equals(Files.readAllBytes(helper), elf)) {
                Path temporary = directory.resolve(helper.getFileName() + ".tmp-" + ProcessHandle.current().pid());
                Files.write(temporary, elf);
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwx------"));
                try {
                    Files.move(temporary, helper, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, helper, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return Files.isExecutable(helper) ? helper : null;
        } catch (IOException | UnsupportedOperationException e) {
            System.getLogger(DeathSignalExec.class.getName()).log(System.Logger.Level.INFO,
                    "the exec helper could not be installed (" + e + "); spawned commands start through setpriv");
            return null;
        }
    }

    private static Path locate(String... candidates) {
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }
}
