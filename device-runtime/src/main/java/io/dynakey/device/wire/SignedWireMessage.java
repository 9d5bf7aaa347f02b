package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Ed25519Signatures;

/**
 * A message whose last (highest) key holds an Ed25519 signature over the deterministic encoding
 * of the same map without that key ("to-be-signed" bytes). Key 0, the message type, is part of
 * the signed bytes, so a signature of one message type never verifies as another.
 */
public abstract class SignedWireMessage extends WireMessage {

    private final BytesField signature = new BytesField(Ed25519Signatures.SIGNATURE_LENGTH,
            Ed25519Signatures.SIGNATURE_LENGTH);

    SignedWireMessage() {
    }

    /** The key of the signature field; it is the highest key of the message. */
    abstract int signatureKey();

    abstract void writeBodyField(int key, CborWriter w) throws CborException;

    abstract boolean readBodyField(int key, CborReader r) throws CborException;

    abstract void clearBodyFields();

    /** The signature (64 bytes once signed or decoded). */
    public final BytesField signature() {
        return signature;
    }

    /** True when a signature is present. */
    public final boolean isSigned() {
        return has(signatureKey());
    }

    @Override
    final long requiredKeys() {
        return requiredBodyKeys() | (1L << signatureKey());
    }

    abstract long requiredBodyKeys();

    @Override
    final void writeField(int key, CborWriter w) throws CborException {
        if (key == signatureKey()) {
            signature.write(w);
        } else {
            writeBodyField(key, w);
        }
    }

    @Override
    final boolean readField(int key, CborReader r) throws CborException {
        return key == signatureKey() ? signature.read(r) : readBodyField(key, r);
    }

    @Override
    final void clearFields() {
        signature.clear();
        clearBodyFields();
    }

    @Override
    public int encode(CborWriter w, byte[] out, int off, int max) throws WireException {
        if (!isSigned()) {
            throw new WireException(WireException.REASON_UNSIGNED, name(), signatureKey());
        }
        return super.encode(w, out, off, max);
    }

    /**
     * Encodes the to-be-signed bytes (every field but the signature) into {@code out[off .. off+max)}.
     *
     * @return their length
     */
    public final int encodeToBeSigned(CborWriter w, byte[] out, int off, int max) throws WireException {
        long body = present & ~(1L << signatureKey());
        long missing = requiredBodyKeys() & ~body;
        if (missing != 0) {
            throw new WireException(WireException.REASON_MISSING_FIELD, name(), Long.numberOfTrailingZeros(missing));
        }
        long saved = present;
        present = body | (1L << signatureKey());
        try {
            return encodeKeys(w, out, off, max, body);
        } finally {
            present = saved;
        }
    }

    /**
     * Signs the message with an Ed25519 key pair; {@code scratch} receives the to-be-signed bytes
     * (at least {@link #MAX_ENCODED_LENGTH} bytes is always enough).
     */
    public final void sign(byte[] priv, int privOff, byte[] pub, int pubOff, CborWriter w, byte[] scratch)
            throws WireException, CryptoException {
        int len = encodeToBeSigned(w, scratch, 0, scratch.length);
        Ed25519Signatures.sign(priv, privOff, pub, pubOff, scratch, 0, len, signature.array(), 0);
        signature.setLength(Ed25519Signatures.SIGNATURE_LENGTH);
        mark(signatureKey());
    }

    /**
     * True when the signature verifies under {@code pub}; false when absent or wrong.
     * {@code scratch} receives the to-be-signed bytes.
     */
    public final boolean verify(byte[] pub, int pubOff, CborWriter w, byte[] scratch)
            throws WireException, CryptoException {
        if (!isSigned()) {
            return false;
        }
        int len = encodeToBeSigned(w, scratch, 0, scratch.length);
        return Ed25519Signatures.verify(pub, pubOff, scratch, 0, len, signature.array(), 0);
    }
}
