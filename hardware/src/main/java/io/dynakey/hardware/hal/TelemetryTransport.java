package io.dynakey.hardware.hal;

import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;

/**
 * A {@link Transport} decorator that feeds {@link CountingTelemetry} with the device's real
 * traffic: request and response payload bytes plus a fixed per-message overhead for the CoAP and
 * DTLS record headers, response codes and transport failures. Not thread-safe (as a Transport).
 */
public final class TelemetryTransport implements Transport {

    /** CoAP header + token + options (~16 B) and DTLS 1.2 record header + CCM-8 nonce/tag (13 + 8 + 8 B). */
    public static final int PER_MESSAGE_OVERHEAD = 16 + 13 + 16;

    private final Transport delegate;
    private final CountingTelemetry telemetry;
    private long bytesSent;
    private long bytesReceived;

    public TelemetryTransport(Transport delegate, CountingTelemetry telemetry) {
        this.delegate = delegate;
        this.telemetry = telemetry;
    }

    @Override
    public void usePsk(byte[] identity, int identityLen, byte[] key, int keyLen) throws TransportException {
        delegate.usePsk(identity, identityLen, key, keyLen);
    }

    @Override
    public int request(int method, byte[] path, int pathLen, byte[] payload, int payloadOff, int payloadLen,
                       byte[] response, int responseOff, int responseMax) throws TransportException {
        int sent = payloadLen + pathLen + PER_MESSAGE_OVERHEAD;
        telemetry.onSent(sent);
        bytesSent += sent;
        telemetry.onMessage();
        int n;
        try {
            n = delegate.request(method, path, pathLen, payload, payloadOff, payloadLen, response, responseOff, responseMax);
        } catch (TransportException e) {
            telemetry.onHandshakeFailure();
            throw e;
        }
        int received = n + PER_MESSAGE_OVERHEAD;
        telemetry.onReceived(received);
        bytesReceived += received;
        telemetry.onResponseCode(delegate.lastResponseCode());
        return n;
    }

    @Override
    public int lastResponseCode() {
        return delegate.lastResponseCode();
    }

    /** Bytes this transport has sent, payload plus estimated headers. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Bytes this transport has received, payload plus estimated headers. */
    public long bytesReceived() {
        return bytesReceived;
    }
}
