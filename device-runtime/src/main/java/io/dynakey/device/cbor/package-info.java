/**
 * A small deterministic CBOR codec (RFC 8949 section 4.2.1, core deterministic encoding) for
 * the wire messages: unsigned and negative integers, byte and text strings, arrays, maps, false,
 * true and null; definite lengths only. {@link io.dynakey.device.cbor.CborWriter} encodes into
 * a caller-owned buffer, {@link io.dynakey.device.cbor.CborReader} validates a whole item within
 * fixed limits and then reads it in place. Neither allocates after construction (only failures
 * allocate their exception).
 */
package io.dynakey.device.cbor;
