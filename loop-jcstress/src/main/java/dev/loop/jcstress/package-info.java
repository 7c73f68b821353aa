/**
 * The runner of loop's jcstress tests: {@link dev.loop.jcstress.JcstressGate} runs jcstress and
 * fails unless every selected test ran and passed.
 *
 * <p>The tests themselves sit in the packages of the classes they test, to reach package-private
 * code on the class path: {@code dev.loop.core.MpscTaskQueueStress},
 * {@code dev.loop.workers.MailboxStress}, {@code dev.loop.workers.WorkerTerminateStress} and
 * {@code dev.loop.value.shared.WaitersStress}. Each {@code @Outcome} says in words what is acceptable
 * and what is forbidden. Run them with
 * {@code ./mvnw -B verify -Pjcstress -pl loop-jcstress -am -DskipTests}; add
 * {@code -Djcstress.tests=REGEX} to pick some, {@code -Djcstress.mode=default} for a longer run.
 */
package dev.loop.jcstress;
