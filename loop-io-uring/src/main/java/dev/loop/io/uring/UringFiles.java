package dev.loop.io.uring;

import dev.loop.io.Stats;
import dev.loop.io.spi.Completion;
import dev.loop.io.spi.FileHandle;
import dev.loop.io.spi.FileIo;
import dev.loop.io.spi.IoBackendContext;
import dev.loop.io.spi.IoResourceKinds;
import dev.loop.spi.PollerContext;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;

/**
 * Files on the ring: open, read, write, fsync, close and stat are submitted as io_uring
 * operations ({@code IORING_OP_OPENAT}, {@code READ}, {@code WRITE}, {@code FSYNC}, {@code CLOSE},
 * {@code STATX}); the whole-file and directory operations keep {@link FileIo}'s defaults, which
 * run on the work pool. A heap buffer is read and written through a native copy that lives until
 * the operation's completion; a direct buffer is used in place, and held until then.
 *
 * <p><b>Thread safety:</b> loop thread only.
 */
final class UringFiles implements FileIo {

    private static final int AT_FDCWD = -100;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0x40;
    private static final int O_EXCL = 0x80;
    private static final int O_TRUNC = 0x200;
    private static final int O_APPEND = 0x400;
    private static final int O_DSYNC = 0x1000;
    private static final int O_SYNC = 0x101000;
    private static final int O_CLOEXEC = 0x80000;
    /** O_NOFOLLOW differs between the architectures this backend runs on. */
    private static final int O_NOFOLLOW = System.getProperty("os.arch", "").contains("aarch64") ? 0x8000 : 0x20000;
    /** Node's default mode for a file it creates, before the umask. */
    private static final int MODE = 0666;

    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_BTIME = 0x800;
    private static final int STATX_SIZE = 256;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    /** An open file: its descriptor, closed for further operations once close was called. */
    private static final class UringFile implements FileHandle {
        private final Path path;
        private final int fd;
        private boolean closed;

        UringFile(Path path, int fd) {
            this.path = path;
            this.fd = fd;
        }

        @Override
        public Path path() {
            return path;
        }
    }

    private final UringBackend backend;
    private final IoBackendContext context;
    private final MemorySegment errno = Syscalls.errnoSegment(Arena.ofAuto());
    private final PollerContext loop;

    UringFiles(UringBackend backend, IoBackendContext context) {
        this.backend = backend;
        this.context = context;
        this.loop = context.loop();
    }

    @Override
    public IoBackendContext context() {
        return context;
    }

    @Override
    public void open(Path path, Set<? extends OpenOption> options, Completion<FileHandle> done) {
        int flags = openFlags(options);
        Arena arena = Arena.ofConfined();
        MemorySegment name = cString(arena, path);
        submit(new FileOp<FileHandle>(done, arena, "open", path) {
            @Override
            void succeeded(int result) {
                deliver(new UringFile(path, result));
            }
        }, SqeDescriptor.IORING_OP_OPENAT, AT_FDCWD, name.address(), MODE, 0, flags);
    }

    /** {@code FileChannel.open}'s reading of the options, as open(2) flags. */
    private static int openFlags(Set<? extends OpenOption> options) {
        boolean read = options.contains(StandardOpenOption.READ);
        boolean append = options.contains(StandardOpenOption.APPEND);
        boolean write = options.contains(StandardOpenOption.WRITE) || append;
        if (read && append) {
            throw new IllegalArgumentException("READ + APPEND not allowed");
        }
        if (append && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed");
        }
        int flags = O_CLOEXEC | (write ? (read ? O_RDWR : O_WRONLY) : 0);
        for (OpenOption option : options) {
            if (option == StandardOpenOption.READ || option == StandardOpenOption.WRITE) {
                continue;
            } else if (option == StandardOpenOption.APPEND) {
                flags |= O_APPEND;
            } else if (option == StandardOpenOption.CREATE) {
                flags |= write ? O_CREAT : 0;
            } else if (option == StandardOpenOption.CREATE_NEW) {
                flags |= write ? O_CREAT | O_EXCL : 0;
            } else if (option == StandardOpenOption.TRUNCATE_EXISTING) {
                flags |= write ? O_TRUNC : 0;
            } else if (option == StandardOpenOption.SYNC) {
                flags |= O_SYNC;
            } else if (option == StandardOpenOption.DSYNC) {
                flags |= O_DSYNC;
            } else if (option == LinkOption.NOFOLLOW_LINKS) {
                flags |= O_NOFOLLOW;
            } else if (option != StandardOpenOption.SPARSE) { // a hint, which Linux does without
                throw new UnsupportedOperationException("the io_uring backend cannot open a file with " + option
                        + "; it supports READ, WRITE, APPEND, CREATE, CREATE_NEW, TRUNCATE_EXISTING, SYNC, DSYNC and NOFOLLOW_LINKS");
            }
        }
        return flags;
    }

    @Override
    public void read(FileHandle file, ByteBuffer into, long position, Completion<Integer> done) {
        UringFile open = file(file);
        if (refusedClosed(open, done)) {
            return;
        }
        int length = into.remaining();
        if (length == 0) {
            loop.deferPending(() -> done.succeeded(0));
            return;
        }
        Arena arena = into.isDirect() ? null : Arena.ofConfined();
        MemorySegment target = arena == null ? MemorySegment.ofBuffer(into) : arena.allocate(length);
        submit(new FileOp<Integer>(done, arena, "read", open.path) {
            private final ByteBuffer held = into; // a direct buffer stays reachable until the kernel is done with it

            @Override
            void succeeded(int result) {
                if (result == 0) {
                    deliver(-1); // the end of the file, as a channel reports it
                    return;
                }
                if (arena != null) {
                    MemorySegment.ofBuffer(held).copyFrom(target.asSlice(0, result));
                }
                held.position(held.position() + result);
                deliver(result);
            }
        }, SqeDescriptor.IORING_OP_READ, open.fd, target.address(), length, position, 0);
    }

    @Override
    public void write(FileHandle file, ByteBuffer from, long position, Completion<Integer> done) {
        UringFile open = file(file);
        if (refusedClosed(open, done)) {
            return;
        }
        if (!from.hasRemaining()) {
            loop.deferPending(() -> done.succeeded(0));
            return;
        }
        new FileWrite(open, from, position, done).start();
    }

    /** A write of the whole buffer: the kernel may take part of it, and the rest is submitted again. */
    private final class FileWrite {
        private final UringFile file;
        private final ByteBuffer from;
        private final Completion<Integer> done;
        private final Arena arena;
        private final MemorySegment source;
        private long position;
        private int written;

        FileWrite(UringFile file, ByteBuffer from, long position, Completion<Integer> done) {
            this.file = file;
            this.from = from;
            this.done = done;
            this.position = position;
            this.arena = from.isDirect() ? null : Arena.ofConfined();
            MemorySegment bytes = MemorySegment.ofBuffer(from);
            this.source = arena == null ? bytes : arena.allocate(bytes.byteSize()).copyFrom(bytes);
        }

        void start() {
            int length = (int) source.byteSize() - written;
            submit(new FileOp<Integer>(done, arena, "write", file.path) {
                private final ByteBuffer held = from;

                @Override
                void succeeded(int result) {
                    written += result;
                    held.position(held.position() + result);
                    if (position != CURRENT) {
                        position += result;
                    }
                    if (written < source.byteSize() && result > 0) {
                        keepArena();
                        start();
                        return;
                    }
                    deliver(written);
                }
            }, SqeDescriptor.IORING_OP_WRITE, file.fd, source.address() + written, length, position, 0);
        }
    }

    @Override
    public void fsync(FileHandle file, Completion<Void> done) {
        UringFile open = file(file);
        if (refusedClosed(open, done)) {
            return;
        }
        submit(new FileOp<Void>(done, null, "fsync", open.path) {
            @Override
            void succeeded(int result) {
                deliver(null);
            }
        }, SqeDescriptor.IORING_OP_FSYNC, open.fd, 0, 0, 0, 0);
    }

    @Override
    public void close(FileHandle file, Completion<Void> done) {
        UringFile open = file(file);
        if (refusedClosed(open, done)) {
            return;
        }
        open.closed = true; // operations in flight hold their own reference to the file in the kernel
        submit(new FileOp<Void>(done, null, "close", open.path) {
            @Override
            void succeeded(int result) {
                deliver(null);
            }
        }, SqeDescriptor.IORING_OP_CLOSE, open.fd, 0, 0, 0, 0);
    }

    @Override
    public void stat(Path path, Completion<Stats> done) {
        Arena arena = Arena.ofConfined();
        MemorySegment name = cString(arena, path);
        MemorySegment statx = arena.allocate(STATX_SIZE, 8);
        submit(new FileOp<Stats>(done, arena, "stat", path) {
            @Override
            void succeeded(int result) {
                deliver(stats(statx)); // read before the arena closes, which happens after deliver's copy
            }
        }, SqeDescriptor.IORING_OP_STATX, AT_FDCWD, name.address(), STATX_BASIC_STATS | STATX_BTIME, statx.address(), 0);
    }

    /** Files.readAttributes' view of a {@code struct statx} (links followed). */
    private static Stats stats(MemorySegment statx) {
        int mask = statx.get(ValueLayout.JAVA_INT, 0);
        int mode = Short.toUnsignedInt(statx.get(ValueLayout.JAVA_SHORT, 28));
        long size = statx.get(ValueLayout.JAVA_LONG, 40);
        Instant modified = timestamp(statx, 112);
        Instant created = (mask & STATX_BTIME) != 0 ? timestamp(statx, 80) : modified;
        int type = mode & S_IFMT;
        return new Stats(size, type == S_IFREG, type == S_IFDIR, type == S_IFLNK, modified, created);
    }

    private static Instant timestamp(MemorySegment statx, long offset) {
        return Instant.ofEpochSecond(statx.get(ValueLayout.JAVA_LONG, offset), Integer.toUnsignedLong(statx.get(ValueLayout.JAVA_INT, offset + 8)));
    }

    // ---------------------------------------------------------------- paths

    private static final int AT_REMOVEDIR = 0x200;

    @Override
    public void rename(Path from, Path to, Completion<Void> done) {
        java.util.Objects.requireNonNull(from, "from");
        java.util.Objects.requireNonNull(to, "to");
        Arena arena = Arena.ofConfined();
        MemorySegment source = cString(arena, from);
        MemorySegment target = cString(arena, to);
        // rename(2), as Files.move(ATOMIC_MOVE) is: it replaces a file or an empty directory at the target
        submit(new FileOp<Void>(done, arena, "rename", from) {
            @Override
            void succeeded(int result) {
                deliver(null);
            }
        }, SqeDescriptor.IORING_OP_RENAMEAT, AT_FDCWD, source.address(), AT_FDCWD, target.address(), 0);
    }

    @Override
    public void mkdir(Path path, boolean recursive, Completion<Void> done) {
        java.util.Objects.requireNonNull(path, "path");
        if (recursive) {
            FileIo.super.mkdir(path, true, done); // each missing parent in turn: the work pool's
            return;
        }
        Arena arena = Arena.ofConfined();
        MemorySegment name = cString(arena, path);
        submit(new FileOp<Void>(done, arena, "mkdir", path) {
            @Override
            void succeeded(int result) {
                deliver(null);
            }
        }, SqeDescriptor.IORING_OP_MKDIRAT, AT_FDCWD, name.address(), 0777, 0, 0);
    }

    @Override
    public void rm(Path path, boolean recursive, boolean force, Completion<Void> done) {
        java.util.Objects.requireNonNull(path, "path");
        if (recursive) {
            FileIo.super.rm(path, true, force, done); // a walk of the tree: the work pool's
            return;
        }
        new Removal(path, force, done).unlink(0);
    }

    /**
     * A removal as {@code Files.delete} makes it: unlinkat, and for a directory (EISDIR) unlinkat
     * with AT_REMOVEDIR, which removes it only when empty; with {@code force}, a missing path is
     * no error.
     */
    private final class Removal {
        private final Path path;
        private final boolean force;
        private final Completion<Void> done;
        private final Arena arena = Arena.ofConfined();
        private final MemorySegment name;

        Removal(Path path, boolean force, Completion<Void> done) {
            this.path = path;
            this.force = force;
            this.done = done;
            this.name = cString(arena, path);
        }

        void unlink(int flags) {
            submit(new FileOp<Void>(done, arena, "rm", path) {
                @Override
                void succeeded(int result) {
                    deliver(null);
                }

                @Override
                boolean failed(int errno) {
                    if (errno == Errno.EISDIR && flags == 0) {
                        keepArena();
                        unlink(AT_REMOVEDIR);
                        return true;
                    }
                    return force && errno == Errno.ENOENT; // nothing to remove: done, as rm -f
                }
            }, SqeDescriptor.IORING_OP_UNLINKAT, AT_FDCWD, name.address(), 0, 0, flags);
        }
    }

    // ---------------------------------------------------------------- whole files

    @Override
    public void readFile(Path path, Completion<byte[]> done) {
        java.util.Objects.requireNonNull(path, "path");
        new WholeFileRead(path, done).start();
    }

    @Override
    public void readFile(Path path, java.nio.charset.Charset charset, Completion<String> done) {
        java.util.Objects.requireNonNull(charset, "charset");
        // String(byte[], Charset) replaces malformed input, never throws: Node's decoding
        readFile(path, Completion.of(bytes -> done.succeeded(new String(bytes, charset)), done::failed));
    }

    /**
     * A whole file read natively: the open and the reads on the ring, each submitted from the
     * previous one's completion; statx of the open descriptor (its size, and whether it is a
     * directory) and the close as plain system calls, which never block once the file is open.
     * The caller hears once, in the poll phase, after the close. The
     * reads go through one pooled native buffer of up to 1 MiB, each copied into the array as it
     * completes, and stop at the size statx gave, as Node's readFile does; a file whose size statx
     * cannot tell (0, as procfs reports) is read until a read returns nothing.
     */
    private final class WholeFileRead {
        private static final int AT_EMPTY_PATH = 0x1000;
        private static final int UNKNOWN_SIZE_CHUNK = 64 * 1024;
        private final Path path;
        private final Completion<byte[]> done;
        private final Arena arena = Arena.ofConfined();
        private final MemorySegment name;
        private final MemorySegment statx = arena.allocate(STATX_SIZE, 8);
        private final MemorySegment empty = arena.allocate(1);
        private MemorySegment chunk;
        private byte[] bytes;
        private boolean sizeKnown;
        private int got;
        private int fd = -1;
        private Throwable failure;

        WholeFileRead(Path path, Completion<byte[]> done) {
            this.path = path;
            this.done = done;
            this.name = cString(arena, path);
        }

        void start() {
            loop.requestStarted(IoResourceKinds.FS);
            step(SqeDescriptor.IORING_OP_OPENAT, AT_FDCWD, name.address(), 0, 0, O_CLOEXEC, this::opened);
        }

        private void opened(int result) {
            fd = result;
            // the open descriptor's attributes come from its inode at once: no ring round trip
            int stat = Syscalls.statx(errno, fd, empty, AT_EMPTY_PATH, STATX_BASIC_STATS, statx);
            if (stat < 0) {
                finish(Errno.file(-stat, "readFile", path));
                return;
            }
            statted();
        }

        private void statted() {
            Stats stats = stats(statx);
            if (stats.isDirectory()) {
                finish(Errno.file(Errno.EISDIR, "readFile", path));
                return;
            }
            if (stats.size() > Integer.MAX_VALUE - 8) {
                finish(new IOException("file too large for one array: " + stats.size() + " bytes; read it with open/read instead"));
                return;
            }
            sizeKnown = stats.size() > 0;
            bytes = new byte[(int) stats.size()];
            if (sizeKnown) {
                end = bytes.length;
                readInParallel();
                return;
            }
            chunk = backend.buffers().take(UNKNOWN_SIZE_CHUNK);
            readMore();
        }

        // A file of known size: up to DEPTH reads of 1 MiB in flight at once, each into a pooled
        // buffer of its own, copied into the array at its offset when it completes (so a cold
        // file's reads queue at the device together, as a pool of threads would queue them).
        private static final int DEPTH = 4;
        private int inFlight;
        private long nextOffset;
        /** Where the file ends: its size, or where a read found the end when it shrank meanwhile. */
        private long end;

        private void readInParallel() {
            while (failure == null && inFlight < DEPTH && nextOffset < end) {
                int length = (int) Math.min(NativeBuffers.LARGEST, end - nextOffset);
                MemorySegment buffer = backend.buffers().take(length);
                long offset = nextOffset;
                nextOffset += length;
                if (!submitRead(buffer, offset, length)) {
                    break; // the failure is recorded: end once the reads in flight are done
                }
            }
            if (inFlight == 0) {
                if (failure != null) {
                    finish(failure);
                    return;
                }
                got = (int) end;
                finish(null);
            }
        }

        /** One read of {@code length} bytes at {@code offset} into {@code buffer}; false if the ring refused it. */
        private boolean submitRead(MemorySegment buffer, long offset, int length) {
            Op op = new Op() {
                @Override
                void completed(int result, int flags, boolean last) {
                    inFlight--;
                    if (result < 0) {
                        failure = failure != null ? failure : Errno.file(-result, "readFile", path);
                    } else if (result == 0) {
                        end = Math.min(end, offset); // the file ended earlier than statx said
                    } else {
                        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, bytes, (int) offset, result);
                        if (result < length && failure == null) { // a short read: the rest of this piece
                            backend.buffers().give(buffer);
                            MemorySegment rest = backend.buffers().take(length - result);
                            if (!submitRead(rest, offset + result, length - result)) {
                                readInParallel();
                            }
                            return;
                        }
                    }
                    backend.buffers().give(buffer);
                    readInParallel();
                }
            };
            try {
                long sqe = backend.prepare(op, SqeDescriptor.IORING_OP_READ, fd);
                MemorySegment sqes = backend.sqes();
                sqes.set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.ADDR_OFFSET, buffer.address());
                sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.LEN_OFFSET, length);
                sqes.set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.OFF_OFFSET, offset);
                inFlight++;
                return true;
            } catch (IOException full) {
                backend.buffers().give(buffer);
                failure = failure != null ? failure : full;
                return false;
            }
        }

        private void readMore() {
            if (sizeKnown && got == bytes.length) {
                finish(null);
                return;
            }
            int length = (int) (sizeKnown ? Math.min(chunk.byteSize(), bytes.length - got) : chunk.byteSize());
            step(SqeDescriptor.IORING_OP_READ, fd, chunk.address(), length, got, 0, this::read);
        }

        private void read(int result) {
            if (result == 0) { // the end: earlier than statx said if the file shrank meanwhile
                if (got < bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, got);
                }
                finish(null);
                return;
            }
            if (got + result > bytes.length) {
                if (got + (long) result > Integer.MAX_VALUE - 8) {
                    finish(new IOException("file too large for one array; read it with open/read instead"));
                    return;
                }
                bytes = java.util.Arrays.copyOf(bytes, Math.max(got + result, Math.min(bytes.length * 2, Integer.MAX_VALUE - 8)));
            }
            MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, 0, bytes, got, result);
            got += result;
            readMore();
        }

        /** Closes the descriptor, if open, then tells the caller. */
        private void finish(Throwable error) {
            failure = error;
            if (fd < 0) {
                deliver();
                return;
            }
            int open = fd;
            fd = -1;
            Syscalls.close(errno, open); // never blocks for a file only read: no ring round trip
            deliver();
        }

        private void deliver() {
            release();
            // a file of known size ends at `end`, which readInParallel set `got` to
            byte[] result = failure == null ? (bytes.length == got ? bytes : java.util.Arrays.copyOf(bytes, got)) : null;
            loop.invoke(() -> {
                loop.requestFinished(IoResourceKinds.FS);
                if (failure != null) {
                    done.failed(failure);
                } else {
                    done.succeeded(result);
                }
            });
        }

        private void release() {
            arena.close();
            if (chunk != null) {
                backend.buffers().give(chunk);
                chunk = null;
            }
        }

        /** Submits one step; its failure (a negative result) ends the chain with the mapped error. */
        private void step(byte opcode, int descriptor, long address, int length, long offset, int opFlags,
                java.util.function.IntConsumer next) {
            Op op = new Op() {
                @Override
                void completed(int result, int flags, boolean last) {
                    if (result < 0 && opcode != SqeDescriptor.IORING_OP_CLOSE) {
                        finish(Errno.file(-result, "readFile", path));
                    } else {
                        next.accept(result);
                    }
                }
            };
            try {
                long sqe = backend.prepare(op, opcode, descriptor);
                MemorySegment sqes = backend.sqes();
                sqes.set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.ADDR_OFFSET, address);
                sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.LEN_OFFSET, length);
                sqes.set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.OFF_OFFSET, offset);
                sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.OP_FLAGS_OFFSET, opFlags);
            } catch (IOException full) {
                release();
                if (fd >= 0) {
                    Syscalls.close(errno, fd);
                    fd = -1;
                }
                loop.deferPending(() -> {
                    loop.requestFinished(IoResourceKinds.FS);
                    done.failed(full);
                });
            }
        }
    }

    // ---------------------------------------------------------------- submitting

    /**
     * An operation on a file: counted as a request (it keeps the loop alive) from its submission
     * to its completion, which runs in the poll phase and then frees its native memory.
     */
    private abstract class FileOp<T> extends Op {
        private final Completion<T> done;
        private final Arena arena;
        private final String operation;
        private final Path path;
        private T value;
        private boolean handedOver;

        FileOp(Completion<T> done, Arena arena, String operation, Path path) {
            this.done = done;
            this.arena = arena;
            this.operation = operation;
            this.path = path;
        }

        /** The operation succeeded with {@code result}: call {@link #deliver}, or submit a follow-up. */
        abstract void succeeded(int result);

        final void deliver(T result) {
            this.value = result;
        }

        /** A follow-up operation takes over the caller's completion and the native memory. */
        final void keepArena() {
            handedOver = true;
        }

        /**
         * The operation failed with {@code errno}: return true to have handled it (delivered a
         * result, or submitted a follow-up that takes over), false to fail the caller with it.
         */
        boolean failed(int errno) {
            return false;
        }

        @Override
        final void completed(int result, int flags, boolean last) {
            loop.invoke(() -> {
                loop.requestFinished(IoResourceKinds.FS);
                if (result < 0 && !failed(-result)) {
                    release();
                    done.failed(Errno.file(-result, operation, path));
                    return;
                }
                if (result < 0) {
                    if (!handedOver) {
                        release();
                        done.succeeded(value);
                    }
                    return;
                }
                succeeded(result);
                if (!handedOver) {
                    release();
                    done.succeeded(value);
                }
            });
        }

        final void release() {
            if (arena != null) {
                arena.close();
            }
        }
    }

    /** Submits {@code op}: opcode, descriptor, address, length, offset and the op's flags. */
    private void submit(FileOp<?> op, byte opcode, int fd, long address, int length, long offset, int opFlags) {
        long sqe;
        try {
            sqe = backend.prepare(op, opcode, fd);
        } catch (IOException full) {
            loop.deferPending(() -> {
                op.release();
                op.done.failed(full);
            });
            return;
        }
        loop.requestStarted(IoResourceKinds.FS);
        MemorySegment sqes = backend.sqes();
        sqes.set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.ADDR_OFFSET, address);
        sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.LEN_OFFSET, length);
        sqes.set(ValueLayout.JAVA_LONG, sqe + SqeDescriptor.OFF_OFFSET, offset);
        sqes.set(ValueLayout.JAVA_INT, sqe + SqeDescriptor.OP_FLAGS_OFFSET, opFlags);
    }

    /** A closed file's operation fails once, in the next pending phase, as the NIO backend's does. */
    private boolean refusedClosed(UringFile file, Completion<?> done) {
        if (file.closed) {
            loop.deferPending(() -> done.failed(new ClosedChannelException()));
            return true;
        }
        return false;
    }

    private static MemorySegment cString(Arena arena, Path path) {
        return arena.allocateFrom(path.toString(), StandardCharsets.UTF_8);
    }

    private static UringFile file(FileHandle file) {
        if (!(file instanceof UringFile open)) {
            throw new IllegalArgumentException("not a file of the io_uring backend: " + file);
        }
        return open;
    }
}
