package io.dynakey.gateway.service;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.gateway.store.DeviceIds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The operator's {@code POST /admin/revoke}. CBOR map: {@code { 1: device id (text), 2: reason (0..255) }},
 * reason codes from {@link io.dynakey.device.wire.RotationReason} (e.g. {@code DECOMMISSIONED}).
 */
public record Revocation(String deviceId, int reason) {

    /** Decodes and validates a revocation. */
    public static Revocation decode(byte[] in) throws CborException {
        CborReader r = new CborReader(2, 64, 4);
        r.reset(in, 0, in.length);
        DeviceRegistration.expect(r, r.readMapHeader() == 2);
        DeviceRegistration.expect(r, r.readLong() == 1);
        String id = DeviceRegistration.text(r);
        DeviceRegistration.expect(r, r.readLong() == 2);
        int reason = r.readInt(0, 255);
        DeviceRegistration.expect(r, DeviceIds.valid(id));
        return new Revocation(id, reason);
    }

    /** The CBOR encoding. */
    public byte[] encode() {
        byte[] out = new byte[64];
        byte[] id = deviceId.getBytes(StandardCharsets.US_ASCII);
        try {
            CborWriter w = new CborWriter().reset(out, 0, out.length);
            w.writeMapHeader(2);
            w.writeUnsigned(1).writeText(id, 0, id.length);
            w.writeUnsigned(2).writeUnsigned(reason);
            return Arrays.copyOf(out, w.finish());
        } catch (CborException e) {
            throw new IllegalArgumentException("revocation does not encode", e);
        }
    }
}
