package io.dynakey.device.hal;

/**
 * CoAP request/response over DTLS-PSK to the gateway. Not thread-safe: a device makes one
 * request at a time.
 */
public interface Transport {

    int METHOD_GET = 1;
    int METHOD_POST = 2;
    int METHOD_PUT = 3;
    int METHOD_DELETE = 4;

    /**
     * Selects the DTLS pre-shared key for the following requests; a different key closes the
     * current session. The arrays are copied.
     */
    void usePsk(byte[] identity, int identityLen, byte[] key, int keyLen) throws TransportException;

    /**
     * Sends one confirmable CoAP request and waits for its response.
     *
     * @param path the URI path, ASCII, segments separated by '/', without a leading '/'
     * @return the response payload length written to {@code response[responseOff ..]}
     * @throws TransportException when no response arrives (DTLS failure, timeout)
     */
    int request(int method, byte[] path, int pathLen, byte[] payload, int payloadOff, int payloadLen,
                byte[] response, int responseOff, int responseMax) throws TransportException;

    /** CoAP code of the last response, as class * 32 + detail (e.g. 2.04 = 68, 4.00 = 128). */
    int lastResponseCode();
}
