/**
 * The rotation protocol's messages, one class per concept, each a CBOR map with small unsigned
 * integer keys encoded by {@link io.dynakey.device.cbor}. Key 0 of every message is its
 * {@link io.dynakey.device.wire.MessageType}, which also separates the signature domains of the
 * signed messages. The layouts are written down in {@code docs/protocol.md}, section "Messages".
 * Message objects are mutable and reusable so that the device decodes without allocating; they
 * are not thread-safe.
 */
package io.dynakey.device.wire;
