package io.dynakey.gateway.service;

import io.dynakey.device.crypto.AesCcm8;
import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.wire.ErrorResponse;
import io.dynakey.device.wire.GroupKeyResponse;
import io.dynakey.device.wire.WireException;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.DeviceRecord;
import io.dynakey.gateway.store.GroupKey;
import io.dynakey.gateway.store.StoreException;
import io.dynakey.gateway.store.UsableKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@code GET /group-key}: the caller's group key as a {@link GroupKeyResponse}, wrapped with
 * AES-CCM-8 under the PSK of the caller's session (so it is protected twice: by DTLS and by the
 * wrap). Group ids are the decimal numbers of the device groups. Thread-safe.
 */
public final class GroupKeyService implements Handler {

    private final DeviceKeyStore store;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();

    public GroupKeyService(DeviceKeyStore store, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Reply handle(Caller caller, byte[] payload) {
        if (!caller.isDevice()) {
            return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_BAD_REQUEST, -1, "devices only");
        }
        long now = clock.getAsLong();
        try {
            Optional<DeviceRecord> d = store.device(caller.deviceId());
            Optional<UsableKey> psk = store.usableKey(caller.deviceId(), caller.epoch(), now);
            if (d.isEmpty() || d.get().revoked() || psk.isEmpty()) {
                return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_REVOKED, -1, "device not active");
            }
            GroupKey g = store.groupKey(d.get().groupId(), now);
            GroupKeyResponse r = new GroupKeyResponse();
            r.set(Integer.parseInt(g.groupId()), (int) g.version());
            byte[] nonce = new byte[AesCcm8.NONCE_LENGTH];
            random.nextBytes(nonce);
            r.nonce().set(nonce, 0, nonce.length);
            byte[] pskBytes = psk.get().key().bytes();
            byte[] gk = g.key().bytes();
            try {
                r.wrap(new AesCcm8(), pskBytes, 0, gk, 0);
            } finally {
                Arrays.fill(pskBytes, (byte) 0);
                Arrays.fill(gk, (byte) 0);
                psk.get().key().destroy();
                g.key().destroy();
            }
            byte[] out = new byte[WireMessage.MAX_ENCODED_LENGTH];
            int n = r.encode(WireMessage.newWriter(), out, 0, out.length);
            return Reply.ok(Reply.Code.CONTENT, Arrays.copyOf(out, n));
        } catch (StoreException e) {
            return Reply.wireError(Reply.Code.SERVICE_UNAVAILABLE, ErrorResponse.CODE_INTERNAL, -1, "key store unavailable");
        } catch (WireException | CryptoException | NumberFormatException e) {
            return Reply.wireError(Reply.Code.INTERNAL_SERVER_ERROR, ErrorResponse.CODE_INTERNAL, -1, "encoding failed");
        }
    }
}
