package io.dynakey.console;

import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.device.keys.TwoSlotKeyStore;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.hal.FileSecureStorage;
import io.dynakey.hardware.hal.SecureRandomEntropy;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/** A device in a console test: identity key, key slots in files, a real DTLS transport and the rotation client. */
final class TestDevice implements AutoCloseable {

    final String id;
    final byte[] identityPrivate = new byte[32];
    final byte[] identityPublic = new byte[32];
    final byte[] factoryPsk = new byte[16];
    final TwoSlotKeyStore keys;
    private final DtlsClients clients;
    private final InetSocketAddress address;
    private final byte[] gatewayPublic;
    DtlsTransport transport;
    RotationClient client;

    /** Registers {@code id} in {@code group} of {@code gateway} (as the operator would) and connects it. */
    TestDevice(String id, String group, Gateway gateway, InetSocketAddress address, DtlsClients clients, Path storage) throws Exception {
        this.id = id;
        this.clients = clients;
        this.address = address;
        this.gatewayPublic = gateway.signingPublicKey();
        SecureRandom r = new SecureRandom();
        r.nextBytes(identityPrivate);
        r.nextBytes(factoryPsk);
        Ed25519Signatures.publicKey(identityPrivate, 0, identityPublic, 0);
        keys = new TwoSlotKeyStore(new FileSecureStorage(storage, 6, 4096));
        keys.load();
        keys.provision(0, factoryPsk, 0);
        gateway.store().registerDevice(id, identityPublic, group, new Secret(factoryPsk), System.currentTimeMillis());
        reconnect();
    }

    /** A fresh transport: the next request opens a new DTLS session with the device's current key. */
    void reconnect() throws Exception {
        if (transport != null) {
            transport.close();
        }
        transport = clients.connect(address);
        client = new RotationClient(transport, new SecureRandomEntropy(), keys, id.getBytes(StandardCharsets.US_ASCII),
                identityPrivate, gatewayPublic);
    }

    /** POSTs a telemetry report with {@code risk} (permille); returns the CoAP response code. */
    int telemetry(long window, int risk) throws TransportException {
        TelemetryReport rep = new TelemetryReport();
        rep.deviceId().set(id.getBytes(StandardCharsets.US_ASCII), 0, id.length());
        rep.start(window).addFeature(1, 100 + window).addFeature(2, 7).setRisk(risk, 1);
        byte[] buf = new byte[WireMessage.MAX_ENCODED_LENGTH];
        int n;
        try {
            n = rep.encode(WireMessage.newWriter(), buf, 0, buf.length);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        byte[] p = "telemetry".getBytes(StandardCharsets.US_ASCII);
        transport.request(Transport.METHOD_POST, p, p.length, Arrays.copyOf(buf, n), 0, n, new byte[512], 0, 512);
        return transport.lastResponseCode();
    }

    @Override
    public void close() {
        transport.close();
    }
}
