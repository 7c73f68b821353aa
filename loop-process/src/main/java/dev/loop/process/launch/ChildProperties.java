package dev.loop.process.launch;

/** The system properties through which a parent tells its forked child about the channel. */
public final class ChildProperties {

    /** The channel's directory. */
    public static final String CHANNEL = "dev.loop.process.channel";
    /** The transport's name. */
    public static final String TRANSPORT = "dev.loop.process.transport";
    /** Each queue's capacity in bytes. */
    public static final String CAPACITY = "dev.loop.process.capacity";
    /** The high-water mark in bytes. */
    public static final String HIGH_WATER_MARK = "dev.loop.process.highWaterMark";
    /** The parent's pid. */
    public static final String PARENT = "dev.loop.process.parent";
    /** "true" when the child is detached. */
    public static final String DETACHED = "dev.loop.process.detached";
    /** The named module of the user's main class, if any. */
    public static final String MODULE = "dev.loop.process.module";

    private ChildProperties() {
    }
}
