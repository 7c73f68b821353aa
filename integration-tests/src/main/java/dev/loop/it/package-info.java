/**
 * Integration tests of loop: the tests live in this package, patched into module {@code dev.loop.it}
 * by Surefire, and run on the module path against the built jars.
 */
package dev.loop.it;
