package dev.loop.io.uring;

/**
 * The layout of {@code struct io_uring_params} (120 bytes), which {@code io_uring_setup} fills
 * with the ring's features and the offsets of its queues' fields inside the mappings, and the
 * setup, feature and enter flags the backend uses.
 */
final class ParamsDescriptor {

    static final int SIZE = 120;

    static final int SQ_ENTRIES_OFFSET = 0;
    static final int CQ_ENTRIES_OFFSET = 4;
    static final int FLAGS_OFFSET = 8;
    static final int FEATURES_OFFSET = 20;
    /** {@code struct io_sqring_offsets sq_off}, 40 bytes. */
    static final int SQ_OFF = 40;
    /** {@code struct io_cqring_offsets cq_off}, 40 bytes. */
    static final int CQ_OFF = 80;

    // io_sqring_offsets, from SQ_OFF
    static final int SQ_HEAD = 0;
    static final int SQ_TAIL = 4;
    static final int SQ_RING_MASK = 8;
    static final int SQ_RING_ENTRIES = 12;
    static final int SQ_FLAGS = 16;
    static final int SQ_DROPPED = 20;
    static final int SQ_ARRAY = 24;

    // io_cqring_offsets, from CQ_OFF
    static final int CQ_HEAD = 0;
    static final int CQ_TAIL = 4;
    static final int CQ_RING_MASK = 8;
    static final int CQ_RING_ENTRIES = 12;
    static final int CQ_OVERFLOW = 16;
    static final int CQ_CQES = 20;

    /** Offsets to mmap the ring's parts at. */
    static final long IORING_OFF_SQ_RING = 0L;
    static final long IORING_OFF_CQ_RING = 0x8000000L;
    static final long IORING_OFF_SQES = 0x10000000L;

    // setup flags
    static final int IORING_SETUP_CQSIZE = 1 << 3;
    static final int IORING_SETUP_CLAMP = 1 << 4;
    static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

    // features the kernel reports
    static final int IORING_FEAT_SINGLE_MMAP = 1;
    static final int IORING_FEAT_NODROP = 1 << 1;
    static final int IORING_FEAT_EXT_ARG = 1 << 8;

    // io_uring_enter flags
    static final int IORING_ENTER_GETEVENTS = 1;
    static final int IORING_ENTER_EXT_ARG = 1 << 3;

    // sq ring flags
    static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    static final int IORING_SQ_TASKRUN = 1 << 2;

    private ParamsDescriptor() {
    }
}
