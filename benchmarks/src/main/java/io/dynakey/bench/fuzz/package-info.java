/**
 * Time-bounded fuzzers behind {@code ./dynakey bench fuzz}, for runs longer than the default
 * test run allows.
 */
package io.dynakey.bench.fuzz;
