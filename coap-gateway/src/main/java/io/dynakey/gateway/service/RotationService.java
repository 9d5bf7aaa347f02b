package io.dynakey.gateway.service;

import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.Secret;
import java.util.function.LongSupplier;

/** Rotation start and confirm (placeholder until the wire messages land). */
public final class RotationService {

    public RotationService(DeviceKeyStore store, Secret signingSeed, byte[] signingPublicKey, LongSupplier clock, int maxPerHour) {
    }

    public Reply enrol(Caller caller, byte[] payload) {
        return Reply.error(Reply.Code.SERVICE_UNAVAILABLE, "not yet");
    }

    public Reply start(Caller caller, byte[] payload) {
        return Reply.error(Reply.Code.SERVICE_UNAVAILABLE, "not yet");
    }

    public Reply confirm(Caller caller, byte[] payload) {
        return Reply.error(Reply.Code.SERVICE_UNAVAILABLE, "not yet");
    }
}
