/**
 * The fleet run's outputs for people and machines: the comparison table, {@code results.json}
 * and the HTML report with its PNG plots (XChart).
 */
package io.dynakey.fleet.report;
