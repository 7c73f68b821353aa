/**
 * The test kit: {@link dev.loop.testkit.TestLoop}, the real loop on virtual time, driven from the
 * test thread.
 *
 * <p><b>Thread safety:</b> a {@code TestLoop} belongs to the thread that created it.
 */
package dev.loop.testkit;
