package com.example.porter.jobs;

/**
 * What a worker posts back when its slice is summed.
 *
 * @param worker the worker's thread id
 * @param count how many numbers it added
 */
public record Done(int worker, int count) {
}
