package io.dynakey.device.planted;

import io.dynakey.gateway.Gateway;

/** A planted layout violation (test sources only): device code that uses the gateway. */
public final class ImportsTheGateway {

    private ImportsTheGateway() {
    }

    /** Uses a gateway type, which the device modules must never do. */
    public static String gatewayName() {
        return Gateway.class.getName();
    }
}
