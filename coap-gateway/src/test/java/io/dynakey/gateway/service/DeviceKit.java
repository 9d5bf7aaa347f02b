package io.dynakey.gateway.service;

import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.crypto.X25519KeyAgreement;
import io.dynakey.device.wire.RotateRequest;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.KeyRow;
import io.dynakey.gateway.store.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** A gateway without network plus helpers that build a device's signed requests. */
final class DeviceKit {

    static final SecureRandom RANDOM = new SecureRandom();

    static Gateway gateway(Path dir) throws Exception {
        return Gateway.open(GatewayConfig.builder().set(GatewaySettings.DATA_DIR, dir)
                .set(GatewaySettings.ROTATIONS_PER_HOUR, 5).build());
    }

    final String id;
    final byte[] identityPrivate = new byte[32];
    final byte[] identityPublic = new byte[32];

    DeviceKit(Gateway g, String id) throws Exception {
        this.id = id;
        RANDOM.nextBytes(identityPrivate);
        Ed25519Signatures.publicKey(identityPrivate, 0, identityPublic, 0);
        byte[] psk = new byte[16];
        RANDOM.nextBytes(psk);
        g.store().registerDevice(id, identityPublic, "1", new Secret(psk), System.currentTimeMillis());
    }

    Caller caller(int epoch) {
        return Caller.device(id, epoch);
    }

    /** A RotateRequest from {@code from} to {@code from + 1}, signed with {@code signer}. */
    byte[] rotateRequest(int from, byte[] signer) throws Exception {
        RotateRequest r = new RotateRequest();
        byte[] idb = id.getBytes(StandardCharsets.US_ASCII);
        r.deviceId().set(idb, 0, idb.length);
        byte[] priv = new byte[32];
        byte[] pub = new byte[32];
        RANDOM.nextBytes(priv);
        X25519KeyAgreement.publicKey(priv, 0, pub, 0);
        r.ephemeralKey().set(pub, 0, 32);
        byte[] rid = new byte[16];
        RANDOM.nextBytes(rid);
        r.requestId().set(rid, 0, 16);
        r.set(from, from + 1, CipherSuite.X25519_ED25519_HKDF_SHA256, RotationReason.RISK, 700, 1);
        byte[] signerPub = new byte[32];
        Ed25519Signatures.publicKey(signer, 0, signerPub, 0);
        byte[] scratch = new byte[WireMessage.MAX_ENCODED_LENGTH];
        r.sign(signer, 0, signerPub, 0, WireMessage.newWriter(), scratch);
        int n = r.encode(WireMessage.newWriter(), scratch, 0, scratch.length);
        return Arrays.copyOf(scratch, n);
    }

    byte[] telemetry(String deviceId) throws Exception {
        TelemetryReport r = new TelemetryReport();
        byte[] idb = deviceId.getBytes(StandardCharsets.US_ASCII);
        r.deviceId().set(idb, 0, idb.length);
        r.start(1).addFeature(1, 5).setRisk(10, 1);
        byte[] out = new byte[WireMessage.MAX_ENCODED_LENGTH];
        return Arrays.copyOf(out, r.encode(WireMessage.newWriter(), out, 0, out.length));
    }

    /** Everything the store says about the device and the outbox, without secrets, as text. */
    static String snapshot(Gateway g, String... ids) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String id : ids) {
            var d = g.store().device(id);
            b.append(id).append(d.map(r -> " epoch " + r.currentEpoch() + " revoked " + r.revoked()).orElse(" absent"));
            for (KeyRow k : g.store().keys(id)) {
                b.append(" | ").append(k.epoch()).append(' ').append(k.state()).append(' ')
                        .append(HexFormat.of().formatHex(k.commitment()));
            }
            b.append('\n');
        }
        b.append("events ").append(g.store().eventsAfter(0, 1_000_000).size());
        return b.toString();
    }
}
