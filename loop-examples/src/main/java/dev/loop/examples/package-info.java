/**
 * The tour: {@link dev.loop.examples.Tour} runs its stops in order, each a small program that shows
 * one rule of the event loop and labels every line it prints with the rule.
 */
package dev.loop.examples;
