package io.dynakey.gateway.server;

import io.dynakey.device.crypto.AesCcm8;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.hal.Entropy;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.GroupKeyResponse;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.hardware.hal.SecureRandomEntropy;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import io.dynakey.device.keys.TwoSlotKeyStore;
import io.dynakey.hardware.hal.FileSecureStorage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/** A device in a test: identity key, two key slots, a real DTLS transport and the rotation client. */
final class SimulatedDevice implements AutoCloseable {

    static final Entropy ENTROPY = new SecureRandomEntropy();

    final String id;
    final byte[] identityPrivate = new byte[32];
    final byte[] identityPublic = new byte[32];
    final byte[] factoryPsk = new byte[16];
    final TwoSlotKeyStore keys;
    final DtlsTransport transport;
    final RotationClient client;

    /** A device whose key slots are files in {@code storageDir}. */
    SimulatedDevice(String id, DtlsClients clients, InetSocketAddress gateway, byte[] gatewayPublic, Path storageDir)
            throws Exception {
        this.id = id;
        SecureRandom r = new SecureRandom();
        r.nextBytes(identityPrivate);
        r.nextBytes(factoryPsk);
        Ed25519Signatures.publicKey(identityPrivate, 0, identityPublic, 0);
        keys = new TwoSlotKeyStore(new FileSecureStorage(storageDir, 6, 4096));
        keys.load();
        keys.provision(0, factoryPsk, 0);
        transport = clients.connect(gateway);
        client = new RotationClient(transport, ENTROPY, keys, id.getBytes(StandardCharsets.US_ASCII), identityPrivate, gatewayPublic);
    }

    private SimulatedDevice(SimulatedDevice old, DtlsClients clients, InetSocketAddress gateway, byte[] gatewayPublic)
            throws Exception {
        this.id = old.id;
        System.arraycopy(old.identityPrivate, 0, identityPrivate, 0, 32);
        System.arraycopy(old.identityPublic, 0, identityPublic, 0, 32);
        System.arraycopy(old.factoryPsk, 0, factoryPsk, 0, 16);
        keys = old.keys;
        transport = clients.connect(gateway);
        client = new RotationClient(transport, ENTROPY, keys, id.getBytes(StandardCharsets.US_ASCII), identityPrivate, gatewayPublic);
    }

    /**
     * The same device (identity, key slots) with a new transport to {@code gateway}; when
     * {@code storageDir} is given, the key slots are re-read from their files as after a reboot.
     */
    static SimulatedDevice reopen(SimulatedDevice old, DtlsClients clients, InetSocketAddress gateway, byte[] gatewayPublic,
                                  Path storageDir) throws Exception {
        SimulatedDevice d = new SimulatedDevice(old, clients, gateway, gatewayPublic);
        if (storageDir != null) {
            d.keys.load();
        }
        return d;
    }

    /** POSTs a telemetry report on the current session; returns the response payload. */
    byte[] telemetry(long window, int risk) throws Exception {
        return telemetry(window, risk, 1);
    }

    /** POSTs a telemetry report saying the device runs model {@code modelVersion}; returns the response payload. */
    byte[] telemetry(long window, int risk, int modelVersion) throws Exception {
        TelemetryReport r = new TelemetryReport();
        r.deviceId().set(id.getBytes(StandardCharsets.US_ASCII), 0, id.length());
        r.start(window).addFeature(1, 100 + window).addFeature(2, 7).setRisk(risk, modelVersion);
        byte[] buf = new byte[WireMessage.MAX_ENCODED_LENGTH];
        int n = r.encode(WireMessage.newWriter(), buf, 0, buf.length);
        return call(Transport.METHOD_POST, "telemetry", Arrays.copyOf(buf, n));
    }

    /** GETs its group key on the current session: the response (group, version) and the key unwrapped into {@code key}. */
    GroupKeyResponse groupKey(byte[] key) throws Exception {
        byte[] g = call(Transport.METHOD_GET, "group-key", new byte[0]);
        GroupKeyResponse gk = new GroupKeyResponse();
        gk.decode(WireMessage.newReader(), g, 0, g.length);
        byte[] psk = new byte[16];
        keys.copyActiveKey(psk, 0);
        try {
            gk.unwrap(new AesCcm8(), psk, 0, key, 0);
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
        return gk;
    }

    byte[] call(int method, String path, byte[] body) throws TransportException {
        byte[] p = path.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[4096];
        int n = transport.request(method, p, p.length, body, 0, body.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    @Override
    public void close() {
        transport.close();
    }
}
