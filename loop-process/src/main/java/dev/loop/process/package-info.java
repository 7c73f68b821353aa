/**
 * Child processes, as Node's {@code child_process}: {@link dev.loop.process.Processes#fork} starts a
 * child JVM connected to the parent's loop by a channel of structured values
 * ({@link dev.loop.process.ChildProcess} on the parent's side, {@link dev.loop.process.ParentPort}
 * from {@link dev.loop.process.ChildContext} on the child's); {@link dev.loop.process.Processes#spawn},
 * {@link dev.loop.process.Processes#execFile} and {@link dev.loop.process.Processes#exec} run OS
 * commands, whose standard streams are loop streams ({@link dev.loop.process.PipeReadStream},
 * {@link dev.loop.process.PipeWriteStream}).
 */
package dev.loop.process;
