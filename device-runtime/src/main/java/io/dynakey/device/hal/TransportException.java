package io.dynakey.device.hal;

/** A {@link Transport} request got no CoAP response (DTLS failure, timeout, unreachable peer). */
public class TransportException extends HalException {
    private static final long serialVersionUID = 1L;

    public TransportException(int reason, String message) {
        super(reason, message);
    }
}
