package io.dynakey.gateway.service;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.gateway.store.DeviceIds;
import io.dynakey.gateway.store.PskLength;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The operator's {@code POST /admin/devices}: register a device. CBOR map, integer keys:
 * <pre>
 * { 1: device id (text), 2: Ed25519 identity public key (bytes, 32),
 *   3: group number (uint, 0..2^31-1), 4: factory PSK for epoch 0 (bytes, {@link PskLength} 16..32) }
 * </pre>
 * {@link #toString()} never shows the PSK.
 */
public record DeviceRegistration(String deviceId, byte[] identityPublicKey, String groupId, byte[] psk) {

    /**
     * Decodes and validates a registration.
     *
     * @throws CborException when the encoding is malformed
     * @throws IllegalArgumentException naming the rule when the device id, group or PSK length is not accepted
     */
    public static DeviceRegistration decode(byte[] in) throws CborException {
        CborReader r = new CborReader(2, 64, 8);
        r.reset(in, 0, in.length);
        expect(r, r.readMapHeader() == 4);
        expect(r, r.readLong() == 1);
        String id = text(r);
        expect(r, r.readLong() == 2);
        byte[] pub = new byte[32];
        expect(r, r.readBytes(pub, 0, 32) == 32);
        expect(r, r.readLong() == 3);
        long group = r.readLong();
        expect(r, r.readLong() == 4);
        byte[] psk = new byte[PskLength.MAX];
        int n = r.readBytes(psk, 0, psk.length);
        try {
            DeviceIds.require(id);
            String groupId = DeviceIds.group(group);
            PskLength.require(n, "factory PSK");
            return new DeviceRegistration(id, pub, groupId, Arrays.copyOf(psk, n));
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
    }

    /** The CBOR encoding. */
    public byte[] encode() {
        byte[] out = new byte[256];
        byte[] id = deviceId.getBytes(StandardCharsets.US_ASCII);
        try {
            CborWriter w = new CborWriter().reset(out, 0, out.length);
            w.writeMapHeader(4);
            w.writeUnsigned(1).writeText(id, 0, id.length);
            w.writeUnsigned(2).writeBytes(identityPublicKey, 0, identityPublicKey.length);
            w.writeUnsigned(3).writeUnsigned(Long.parseLong(groupId));
            w.writeUnsigned(4).writeBytes(psk, 0, psk.length);
            return Arrays.copyOf(out, w.finish());
        } catch (CborException e) {
            throw new IllegalArgumentException("registration does not encode", e);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    static String text(CborReader r) throws CborException {
        byte[] b = new byte[64];
        int n = r.readText(b, 0, b.length);
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    static void expect(CborReader r, boolean ok) throws CborException {
        if (!ok) {
            throw new CborException(CborException.REASON_MALFORMED, r.position());
        }
    }

    @Override
    public String toString() {
        return "DeviceRegistration[" + deviceId + " in " + groupId + "]";
    }
}
