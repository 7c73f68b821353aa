package dev.loop.io.uring;

/**
 * The layout of a completion queue entry ({@code struct io_uring_cqe}, 16 bytes), as offsets in
 * the Agrona style, and its flags. The kernel writes an entry before it publishes the queue's
 * tail, which {@link Ring} reads with acquire semantics, so the fields need no ordering of their own.
 */
final class CqeDescriptor {

    static final int SIZE = 16;

    static final int USER_DATA_OFFSET = 0; // u64
    static final int RES_OFFSET = 8;       // s32: the result, or -errno
    static final int FLAGS_OFFSET = 12;    // u32

    /** The upper 16 bits of the flags name the provided buffer used. */
    static final int IORING_CQE_F_BUFFER = 1;
    /** More completions will follow for this (multishot) request. */
    static final int IORING_CQE_F_MORE = 1 << 1;
    static final int IORING_CQE_BUFFER_SHIFT = 16;

    private CqeDescriptor() {
    }
}
