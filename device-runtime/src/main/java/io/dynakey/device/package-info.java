/**
 * The on-device decision engine: model evaluation, feature windows, rotation governor, two-slot key store, crypto, CBOR wire codec and the HAL interfaces. Compiled for Java 7 (MicroEJ).
 */
package io.dynakey.device;
