package io.dynakey.bench.gateway;

import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Ed25519Signatures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Deterministic identities and factory keys of the benchmark's devices, so both servers know them. */
final class BenchDevices {

    private BenchDevices() {
    }

    static String id(int i) {
        return String.format("bench-%05d", i);
    }

    static byte[] factoryPsk(String id) {
        return Arrays.copyOf(sha256("psk|" + id), 16);
    }

    static byte[] identityPrivate(String id) {
        return sha256("identity|" + id);
    }

    static byte[] identityPublic(String id) {
        byte[] pub = new byte[32];
        try {
            Ed25519Signatures.publicKey(identityPrivate(id), 0, pub, 0);
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
        return pub;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
