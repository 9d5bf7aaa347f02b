package io.dynakey.gateway.service;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.rotation.GroupKeyGrant;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.DeviceRecord;
import io.dynakey.gateway.store.GroupKey;
import io.dynakey.gateway.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@code GET /group-key}: the caller's group key ({@link GroupKeyGrant}), sent only inside the
 * device's DTLS session. The group is the one the device was registered in. Thread-safe.
 */
public final class GroupKeyService implements Handler {

    private final DeviceKeyStore store;
    private final LongSupplier clock;

    public GroupKeyService(DeviceKeyStore store, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Reply handle(Caller caller, byte[] payload) {
        if (!caller.isDevice()) {
            return Reply.error(Reply.Code.FORBIDDEN, "devices only");
        }
        try {
            Optional<DeviceRecord> d = store.device(caller.deviceId());
            if (d.isEmpty() || d.get().revoked()) {
                return Reply.error(Reply.Code.FORBIDDEN, "device not active");
            }
            GroupKey g = store.groupKey(d.get().groupId(), clock.getAsLong());
            GroupKeyGrant grant = new GroupKeyGrant();
            byte[] id = g.groupId().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(id, 0, grant.groupId, 0, id.length);
            grant.groupIdLength = id.length;
            grant.version = g.version();
            byte[] key = g.key().bytes();
            System.arraycopy(key, 0, grant.key, 0, GroupKeyGrant.KEY_LENGTH);
            Arrays.fill(key, (byte) 0);
            g.key().destroy();
            byte[] out = new byte[GroupKeyGrant.MAX_ENCODED_LENGTH];
            int n = grant.encode(new CborWriter(), out, 0, out.length);
            Arrays.fill(grant.key, (byte) 0);
            byte[] reply = Arrays.copyOf(out, n);
            Arrays.fill(out, (byte) 0);
            return Reply.ok(Reply.Code.CONTENT, reply);
        } catch (StoreException e) {
            return Reply.error(Reply.Code.SERVICE_UNAVAILABLE, "key store unavailable");
        } catch (CborException e) {
            return Reply.error(Reply.Code.INTERNAL_SERVER_ERROR, "encoding failed");
        }
    }
}
