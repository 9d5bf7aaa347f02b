/** The gateway's Prometheus metrics: counters fed as a gateway observer, fleet gauges from cached store reads. */
package io.dynakey.console.metrics;
