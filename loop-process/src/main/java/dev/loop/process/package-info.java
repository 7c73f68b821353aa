/**
 * Child processes, as Node's {@code child_process}: {@link dev.loop.process.Processes#fork} starts a
 * child JVM connected to the parent's loop by a channel of structured values
 * ({@link dev.loop.process.ChildProcess} on the parent's side, {@link dev.loop.process.ParentPort}
 * from {@link dev.loop.process.ChildContext} on the child's).
 */
package dev.loop.process;
