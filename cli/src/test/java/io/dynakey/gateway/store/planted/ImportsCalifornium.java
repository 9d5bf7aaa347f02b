package io.dynakey.gateway.store.planted;

import org.eclipse.californium.core.CoapServer;

/** A planted layout violation (test sources only): gateway-core code that uses a Californium type. */
public final class ImportsCalifornium {

    private ImportsCalifornium() {
    }

    /** Uses a Californium type, which the gateway core must never do. */
    public static String serverName() {
        return CoapServer.class.getName();
    }
}
