package com.example.porter.jobs;

import dev.loop.value.shared.SharedBuffer;

/**
 * A worker's share of the work: the numbers {@code from} (inclusive) to {@code to} (exclusive),
 * and the shared counters to add into.
 *
 * @param from the first number
 * @param to one past the last
 * @param counters cell 0 is the running sum, cell 1 the workers done
 */
public record Slice(int from, int to, SharedBuffer counters) {
}
