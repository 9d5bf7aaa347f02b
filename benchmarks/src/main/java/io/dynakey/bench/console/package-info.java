/**
 * {@code dynakey bench console}: the operator console at fleet scale (overview page and metrics
 * scrape at 100,000 enrolled devices) and telemetry throughput with the console on and off in the
 * same run.
 */
package io.dynakey.bench.console;
