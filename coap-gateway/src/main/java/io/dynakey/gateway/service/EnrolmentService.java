package io.dynakey.gateway.service;

import io.dynakey.device.cbor.CborException;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.PskLength;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.StoreException;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Operator functions: register a device ({@link DeviceRegistration}: identity key + factory PSK
 * at epoch 0) and revoke one ({@link Revocation}). Devices calling these get 4.03. Thread-safe.
 */
public final class EnrolmentService {

    private final DeviceKeyStore store;
    private final SessionKeys sessions;
    private final LongSupplier clock;

    public EnrolmentService(DeviceKeyStore store, SessionKeys sessions, LongSupplier clock) {
        this.store = store;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * {@code POST /admin/devices}: 2.01, or 4.00 malformed or refused (id, group or PSK length: the
     * diagnostic names the rule), 4.03 not operator, 4.09 already registered.
     */
    public Reply register(Caller caller, byte[] payload) {
        if (caller.isDevice()) {
            return Reply.error(Reply.Code.FORBIDDEN, "operator only");
        }
        DeviceRegistration reg;
        try {
            reg = DeviceRegistration.decode(payload);
        } catch (CborException e) {
            return Reply.error(Reply.Code.BAD_REQUEST, "malformed DeviceRegistration: " + CborException.reasonName(e.reason()));
        } catch (IllegalArgumentException e) {
            return Reply.error(Reply.Code.BAD_REQUEST, "DeviceRegistration refused: " + e.getMessage());
        }
        Secret psk = new Secret(reg.psk());
        Arrays.fill(reg.psk(), (byte) 0);
        try {
            store.registerDevice(reg.deviceId(), reg.identityPublicKey(), reg.groupId(), psk, clock.getAsLong());
            return Reply.ok(Reply.Code.CREATED);
        } catch (StoreException e) {
            return e.reason() == StoreException.Reason.DUPLICATE_DEVICE
                    ? Reply.error(Reply.Code.CONFLICT, "device already registered")
                    : Reply.error(Reply.Code.SERVICE_UNAVAILABLE, "key store unavailable");
        } finally {
            psk.destroy();
        }
    }

    /**
     * Registers every device of a signed factory list that is not registered yet, each with its
     * epoch-0 PSK diversified from the factory master secret ({@link FactoryList#factoryPsk}).
     *
     * @param master the factory master secret, at least {@link PskLength#MIN} bytes
     * @return the number of devices registered
     * @throws CryptoException {@code REASON_BAD_SIGNATURE} when the list is not signed by the factory key (nothing registered)
     * @throws IllegalArgumentException when the master secret is shorter than {@link PskLength#MIN} bytes (nothing registered)
     */
    public int importFactoryList(byte[] list, byte[] factoryPublic, byte[] master)
            throws CborException, io.dynakey.device.crypto.CryptoException, StoreException {
        if (master.length < PskLength.MIN) {
            throw new IllegalArgumentException("a factory master secret must be at least " + PskLength.MIN
                    + " random bytes (" + 2 * PskLength.MIN + " hex characters), not " + master.length);
        }
        int n = 0;
        for (FactoryList.Entry e : FactoryList.verify(list, factoryPublic)) {
            if (store.device(e.deviceId()).isPresent()) {
                continue;
            }
            Secret psk = new Secret(FactoryList.factoryPsk(master, e.deviceId()));
            try {
                store.registerDevice(e.deviceId(), e.identityPublicKey(), Integer.toString(e.group()), psk, clock.getAsLong());
                n++;
            } finally {
                psk.destroy();
            }
        }
        return n;
    }

    /**
     * Revokes {@code deviceId} (a {@code Revoked} event, and its group rekeyed, see
     * {@link DeviceKeyStore#revoke}) and ends its sessions on this gateway at once.
     *
     * @param reason a {@code RotationReason} code (8 compromise, 9 decommissioned)
     * @return false when it was already revoked (nothing changed)
     * @throws StoreException {@code UNKNOWN_DEVICE} if not registered
     */
    public boolean revoke(String deviceId, int reason) throws StoreException {
        boolean changed = store.revoke(deviceId, reason, clock.getAsLong());
        sessions.revoked(deviceId);
        return changed;
    }

    /** {@code POST /admin/revoke}: 2.04 (also when already revoked), or 4.00, 4.03, 4.04 unknown device. */
    public Reply revoke(Caller caller, byte[] payload) {
        if (caller.isDevice()) {
            return Reply.error(Reply.Code.FORBIDDEN, "operator only");
        }
        Revocation rev;
        try {
            rev = Revocation.decode(payload);
        } catch (CborException e) {
            return Reply.error(Reply.Code.BAD_REQUEST, "malformed Revocation: " + CborException.reasonName(e.reason()));
        }
        try {
            revoke(rev.deviceId(), rev.reason());
            return Reply.ok(Reply.Code.CHANGED);
        } catch (StoreException e) {
            return e.reason() == StoreException.Reason.UNKNOWN_DEVICE
                    ? Reply.error(Reply.Code.NOT_FOUND, "unknown device")
                    : Reply.error(Reply.Code.SERVICE_UNAVAILABLE, "key store unavailable");
        }
    }
}
