/**
 * Delivering a rotation over lossy, delayed and sleeping links: the strategies (Californium's default
 * retransmission, tuned retry timing, piggyback on the next telemetry exchange, wait for the wake
 * window), the per-device-class bandit that learns which to use from observed time-to-commit and
 * bytes, and the lab that runs real rotations against the real DTLS gateway through a lossy relay.
 */
package io.dynakey.fleet.delivery;
