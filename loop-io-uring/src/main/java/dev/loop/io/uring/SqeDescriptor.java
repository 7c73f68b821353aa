package dev.loop.io.uring;

/**
 * The layout of a submission queue entry ({@code struct io_uring_sqe}, 64 bytes), as offsets in
 * the Agrona style, and the opcodes and flags the backend uses (from {@code linux/io_uring.h}).
 * Entries live in the ring's shared mapping; the backend fills one wholly before it publishes the
 * queue's tail (see {@link Ring}), so the fields themselves need no ordering.
 */
final class SqeDescriptor {

    static final int SIZE = 64;

    static final int OPCODE_OFFSET = 0;      // u8
    static final int FLAGS_OFFSET = 1;       // u8
    static final int IOPRIO_OFFSET = 2;      // u16
    static final int FD_OFFSET = 4;          // s32
    static final int OFF_OFFSET = 8;         // u64: offset, or addr2
    static final int ADDR_OFFSET = 16;       // u64: buffer, path or sockaddr
    static final int LEN_OFFSET = 24;        // u32
    static final int OP_FLAGS_OFFSET = 28;   // u32: rw_flags, fsync_flags, msg_flags, open_flags, statx_flags...
    static final int USER_DATA_OFFSET = 32;  // u64
    static final int BUF_GROUP_OFFSET = 40;  // u16: buf_index or buf_group
    static final int FILE_INDEX_OFFSET = 44; // s32: splice_fd_in, file_index, addr_len
    static final int ADDR3_OFFSET = 48;      // u64

    static final byte IORING_OP_NOP = 0;
    static final byte IORING_OP_FSYNC = 3;
    static final byte IORING_OP_ACCEPT = 13;
    static final byte IORING_OP_ASYNC_CANCEL = 14;
    static final byte IORING_OP_CONNECT = 16;
    static final byte IORING_OP_OPENAT = 18;
    static final byte IORING_OP_CLOSE = 19;
    static final byte IORING_OP_STATX = 21;
    static final byte IORING_OP_READ = 22;
    static final byte IORING_OP_WRITE = 23;
    static final byte IORING_OP_SEND = 26;
    static final byte IORING_OP_RECV = 27;
    static final byte IORING_OP_SHUTDOWN = 34;
    static final byte IORING_OP_RENAMEAT = 35;
    static final byte IORING_OP_UNLINKAT = 36;
    static final byte IORING_OP_MKDIRAT = 37;
    /** Posts a completion into another ring's queue: {@code fd} is that ring, {@code off} its {@code user_data}. */
    static final byte IORING_OP_MSG_RING = 40;

    /** Flags of the entry ({@code sqe->flags}). */
    static final byte IOSQE_BUFFER_SELECT = 1 << 5;
    /** Post no completion when the entry succeeds. */
    static final byte IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

    /** {@code sqe->ioprio} of an accept: keep accepting. */
    static final short IORING_ACCEPT_MULTISHOT = 1;
    /** {@code sqe->ioprio} of a receive: keep receiving, into provided buffers. */
    static final short IORING_RECV_MULTISHOT = 1 << 1;

    /** {@code sqe->cancel_flags}: every request on the descriptor in {@code fd}. */
    static final int IORING_ASYNC_CANCEL_ALL = 1;
    static final int IORING_ASYNC_CANCEL_FD = 1 << 1;
    /** {@code sqe->cancel_flags}: every request of the ring. */
    static final int IORING_ASYNC_CANCEL_ANY = 1 << 2;

    /** {@code sqe->fsync_flags}. */
    static final int IORING_FSYNC_DATASYNC = 1;

    private SqeDescriptor() {
    }
}
