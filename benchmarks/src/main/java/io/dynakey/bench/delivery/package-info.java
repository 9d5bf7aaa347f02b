/**
 * The delivery benchmark: Californium's default retransmission against the learned delivery strategy,
 * real rotations over the lossy relay at several loss levels ({@code dynakey bench delivery}).
 */
package io.dynakey.bench.delivery;
