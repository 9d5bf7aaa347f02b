/**
 * Device groups: per-window behaviour aggregates of each device's telemetry, Tribuo k-means with
 * k chosen by silhouette, and a rotation policy per group derived from the group's risk, written
 * as a file the gateway and the fleet read.
 */
package io.dynakey.trainer.groups;
