package io.dynakey.hardware.transport;

import io.dynakey.device.hal.HalException;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;

/**
 * One device's {@link Transport}: its own UDP socket, Scandium DTLS client and Californium CoAP
 * endpoint, talking to one gateway. {@link #usePsk} with a different identity or key drops the
 * DTLS session, so the next request makes a fresh handshake with the new key; responses larger
 * than one datagram arrive block-wise (Block2) and are reassembled here. Not thread-safe, like
 * the interface: one request at a time. Get instances from {@link DtlsClients#connect}; close
 * each when done.
 */
public final class DtlsTransport implements Transport, AutoCloseable {

    private final DtlsClients clients;
    private final InetSocketAddress gateway;
    private final MutablePskStore psk = new MutablePskStore();
    private final DTLSConnector connector;
    private final CoapEndpoint endpoint;
    private final String uriPrefix;
    private byte[] identity = new byte[0];
    private byte[] key = new byte[0];
    private int lastCode;
    private long handshakes;
    private long responseTimeoutMs;

    DtlsTransport(DtlsClients clients, InetSocketAddress gateway) {
        this.clients = clients;
        this.gateway = gateway;
        DtlsConnectorConfig cfg = DtlsConnectorConfig.builder(clients.configuration())
                .setAddress(new InetSocketAddress(gateway.getAddress().isLoopbackAddress() ? gateway.getAddress()
                        : new InetSocketAddress(0).getAddress(), 0))
                .setAdvancedPskStore(psk)
                .build();
        this.connector = new DTLSConnector(cfg);
        connector.setExecutor(clients.dtlsExecutor());
        this.endpoint = new CoapEndpoint.Builder().setConfiguration(clients.configuration()).setConnector(connector).build();
        endpoint.setExecutors(clients.mainExecutor(), clients.secondaryExecutor());
        try {
            endpoint.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a UDP socket for the DTLS client", e);
        }
        this.responseTimeoutMs = clients.options().responseTimeoutMs();
        this.uriPrefix = "coaps://" + gateway.getAddress().getHostAddress() + ":" + gateway.getPort() + "/";
    }

    @Override
    public void usePsk(byte[] identity, int identityLen, byte[] key, int keyLen) throws TransportException {
        if (identityLen < 1 || keyLen < 1) {
            throw new TransportException(HalException.REASON_REFUSED, "empty PSK identity or key");
        }
        byte[] id = Arrays.copyOf(identity, identityLen);
        byte[] k = Arrays.copyOf(key, keyLen);
        if (Arrays.equals(id, this.identity) && Arrays.equals(k, this.key)) {
            Arrays.fill(k, (byte) 0);
            return;
        }
        Arrays.fill(this.key, (byte) 0);
        this.identity = id;
        this.key = k;
        psk.set(new String(id, StandardCharsets.US_ASCII), k);
        connector.clearConnectionState();
    }

    @Override
    public int request(int method, byte[] path, int pathLen, byte[] payload, int payloadOff, int payloadLen,
                       byte[] response, int responseOff, int responseMax) throws TransportException {
        Request req = switch (method) {
            case METHOD_GET -> Request.newGet();
            case METHOD_POST -> Request.newPost();
            case METHOD_PUT -> Request.newPut();
            case METHOD_DELETE -> Request.newDelete();
            default -> throw new TransportException(HalException.REASON_REFUSED, "unknown method " + method);
        };
        req.setURI(uriPrefix + new String(path, 0, pathLen, StandardCharsets.US_ASCII));
        if (payloadLen > 0) {
            req.setPayload(Arrays.copyOfRange(payload, payloadOff, payloadOff + payloadLen));
            req.getOptions().setContentFormat(60);
        }
        boolean fresh = !hasSession();
        req.setType(CoAP.Type.CON);
        Response r;
        try {
            r = sendAndWait(req);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            req.cancel();
            throw new TransportException(HalException.REASON_TIMEOUT, "interrupted");
        }
        if (r == null) {
            Throwable err = req.getSendError();
            if (err != null) {
                throw new TransportException(HalException.REASON_REFUSED, "DTLS failure: " + err.getClass().getSimpleName());
            }
            throw new TransportException(HalException.REASON_TIMEOUT, "no response from " + gateway);
        }
        if (fresh) {
            handshakes++;
        }
        lastCode = r.getCode().value;
        byte[] body = r.getPayload();
        int n = body == null ? 0 : body.length;
        if (n > responseMax) {
            throw new TransportException(HalException.REASON_TOO_LARGE, "response of " + n + " bytes exceeds " + responseMax);
        }
        if (n > 0) {
            System.arraycopy(body, 0, response, responseOff, n);
        }
        return n;
    }

    /**
     * Sends a request built by the caller (any options, e.g. a hand-made Block1 block) to {@code path}
     * on this transport's session and waits for its response: for tools and tests that speak CoAP
     * below the {@link #request} contract. Returns null when no response came in time.
     */
    public Response exchange(Request req, String path) throws InterruptedException {
        req.setURI(uriPrefix + path);
        Response r = sendAndWait(req);
        if (r != null) {
            lastCode = r.getCode().value;
        }
        return r;
    }

    /**
     * Sets how long each following request waits for its answer, ms (&gt;= 1), in place of the
     * {@link DtlsClients.Options#responseTimeoutMs()} this transport started with: for a caller with a
     * deadline of its own.
     */
    public void setResponseTimeout(long ms) {
        if (ms < 1) {
            throw new IllegalArgumentException("response timeout must be >= 1 ms, not " + ms);
        }
        responseTimeoutMs = ms;
    }

    /** Sends {@code req} and waits the response timeout; null (and the request cancelled) when none came. */
    private Response sendAndWait(Request req) throws InterruptedException {
        endpoint.sendRequest(req);
        Response r = req.waitForResponse(responseTimeoutMs);
        if (r == null) {
            req.cancel();
        }
        return r;
    }

    private boolean hasSession() {
        return connector.getSessionByAddress(gateway) != null;
    }

    @Override
    public int lastResponseCode() {
        return lastCode;
    }

    /** DTLS handshakes this transport completed (requests that had to open a session). */
    public long handshakes() {
        return handshakes;
    }

    /** Drops the DTLS session, so the next request makes a new handshake with the same key. */
    public void dropSession() {
        connector.clearConnectionState();
    }

    /** The local UDP address. */
    public InetSocketAddress localAddress() {
        return endpoint.getAddress();
    }

    @Override
    public void close() {
        endpoint.destroy();
        psk.destroy();
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "DtlsTransport[" + new String(identity, StandardCharsets.US_ASCII) + " -> " + gateway + "]";
    }
}
