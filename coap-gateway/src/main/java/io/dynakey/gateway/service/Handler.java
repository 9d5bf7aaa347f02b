package io.dynakey.gateway.service;

/** Handles one request of an authenticated caller. Implementations are thread-safe. */
public interface Handler {

    /** The reply to {@code payload} from {@code caller}; never throws for bad input. */
    Reply handle(Caller caller, byte[] payload);
}
