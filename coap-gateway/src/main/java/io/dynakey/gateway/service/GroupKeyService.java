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
 * wrap). Group ids are the decimal numbers of the device groups. A device that joined its group
 * after the current key was made gets no key until the group is rekeyed for the joins of the last
 * {@code gateway.group.rekey-delay} (5.03 {@code RETRY_LATER} until then): a newcomer never reads
 * what was sent before it joined. Thread-safe.
 */
public final class GroupKeyService implements Handler {

    private final DeviceKeyStore store;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final long rekeyDelayMs;
    private final GroupDirectory directory;

    /**
     * @param rekeyDelayMs how long joins are batched before the group is rekeyed for them
     * @param directory    told of this service's rekeys
     */
    public GroupKeyService(DeviceKeyStore store, LongSupplier clock, long rekeyDelayMs, GroupDirectory directory) {
        this.store = store;
        this.clock = clock;
        this.rekeyDelayMs = rekeyDelayMs;
        this.directory = directory;
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
            Optional<GroupKey> member = store.memberGroupKey(caller.deviceId(), rekeyDelayMs, now);
            if (member.isEmpty()) {
                psk.get().key().destroy();
                return Reply.wireError(Reply.Code.SERVICE_UNAVAILABLE, ErrorResponse.CODE_RETRY_LATER, -1,
                        "the group is rekeyed for newcomers within " + rekeyDelayMs / 1000 + " s");
            }
            GroupKey g = member.get();
            if (g.version() != directory.versionFor(caller.deviceId())) {
                directory.refresh();
            }
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
