/**
 * The sequence teacher: a causal, unidirectional GRU over a device's windows in time order, trained
 * on the host with DJL on the PyTorch CPU engine (fully offline), that gives a per-window
 * probability that the device is compromised, read from the windows up to that one only. It labels
 * sequences for the distillation into the on-device temporal tree student; it never runs on a
 * device. See {@code docs/temporal.md}.
 */
package io.dynakey.trainer.sequence;
