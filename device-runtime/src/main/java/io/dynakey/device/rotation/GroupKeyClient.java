package io.dynakey.device.rotation;

import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.crypto.AesCcm8;
import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Secrets;
import io.dynakey.device.hal.StorageException;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.device.keys.KeyStoreException;
import io.dynakey.device.keys.TwoSlotKeyStore;
import io.dynakey.device.wire.ErrorResponse;
import io.dynakey.device.wire.GroupKeyResponse;
import io.dynakey.device.wire.WireException;
import io.dynakey.device.wire.WireMessage;

/**
 * The device's copy of its group key. Every {@link TelemetryAck} names the group's current key
 * version; when it is newer than the copy held here, {@link #onAck} fetches {@code GET /group-key}
 * on the transport's session and unwraps the key with the device's active PSK. A rekey (a member
 * joined, left or was revoked) so reaches every member at its next contact, and a member that
 * missed acknowledgements (loss, sleep) catches up at the first one it gets.
 *
 * <p>The key is held in RAM only (fetched again after a reboot). Not thread-safe; allocation-free
 * after construction.
 */
public final class GroupKeyClient {

    /** The held key is current; nothing fetched. */
    public static final int RESULT_UNCHANGED = 0;
    /** A newer key was fetched and is now held. */
    public static final int RESULT_UPDATED = 1;
    /** The gateway has no key for this device yet (a newcomer waits for its group's rekey); try later. */
    public static final int RESULT_PENDING = 2;
    /** The gateway refused (revoked, not active) or answered with something that fails a check. */
    public static final int RESULT_REFUSED = 3;
    /** No answer; nothing changed. */
    public static final int RESULT_NO_ANSWER = 4;

    private static final byte[] PATH = {'g', 'r', 'o', 'u', 'p', '-', 'k', 'e', 'y'};
    private static final int CODE_CONTENT = 69;
    private static final int CODE_SERVICE_UNAVAILABLE = 163;

    private final Transport transport;
    private final TwoSlotKeyStore keys;
    private final CborReader reader = WireMessage.newReader();
    private final GroupKeyResponse response = new GroupKeyResponse();
    private final ErrorResponse error = new ErrorResponse();
    private final AesCcm8 ccm = new AesCcm8();
    private final byte[] buffer = new byte[WireMessage.MAX_ENCODED_LENGTH];
    private final byte[] psk = new byte[TwoSlotKeyStore.PSK_LENGTH];
    private final byte[] fetched = new byte[GroupKeyResponse.GROUP_KEY_LENGTH];
    private final byte[] key = new byte[GroupKeyResponse.GROUP_KEY_LENGTH];
    private long version = -1;
    private int groupId = -1;

    public GroupKeyClient(Transport transport, TwoSlotKeyStore keys) {
        this.transport = transport;
        this.keys = keys;
    }

    /**
     * Fetches the group key when {@code ack} announces a newer version than the one held.
     *
     * @return a {@code RESULT_*} code
     */
    public int onAck(TelemetryAck ack) throws StorageException {
        if (ack.groupKeyVersion < 0 || ack.groupKeyVersion <= version) {
            return RESULT_UNCHANGED;
        }
        return fetch();
    }

    /**
     * Fetches the group's current key, whatever is held.
     *
     * @return a {@code RESULT_*} code; the held key changes only with {@link #RESULT_UPDATED}
     */
    public int fetch() throws StorageException {
        int n;
        try {
            n = transport.request(Transport.METHOD_GET, PATH, PATH.length, buffer, 0, 0, buffer, 0, buffer.length);
        } catch (TransportException e) {
            return RESULT_NO_ANSWER;
        }
        int code = transport.lastResponseCode();
        if (code != CODE_CONTENT) {
            return code == CODE_SERVICE_UNAVAILABLE && errorCode(n) == ErrorResponse.CODE_RETRY_LATER
                    ? RESULT_PENDING : RESULT_REFUSED;
        }
        try {
            response.decode(reader, buffer, 0, n);
            if (response.keyVersion() < version) {
                return RESULT_REFUSED; // never go back to an older key
            }
            keys.copyActiveKey(psk, 0);
            response.unwrap(ccm, psk, 0, fetched, 0);
        } catch (WireException e) {
            return RESULT_REFUSED;
        } catch (CryptoException e) {
            return RESULT_REFUSED;
        } catch (KeyStoreException e) {
            return RESULT_REFUSED;
        } finally {
            Secrets.wipe(psk);
        }
        System.arraycopy(fetched, 0, key, 0, key.length);
        Secrets.wipe(fetched);
        version = response.keyVersion();
        groupId = response.groupId();
        return RESULT_UPDATED;
    }

    private int errorCode(int n) {
        try {
            error.decode(reader, buffer, 0, n);
            return error.code();
        } catch (WireException e) {
            return -1;
        }
    }

    /** The version of the held key, -1 when none is held. */
    public long version() {
        return version;
    }

    /** The group of the held key, -1 when none is held. */
    public int groupId() {
        return groupId;
    }

    /**
     * Copies the held group key to {@code out[off .. off+16)}.
     *
     * @throws IllegalStateException when no key is held
     */
    public void copyKey(byte[] out, int off) {
        if (version < 0) {
            throw new IllegalStateException("no group key held");
        }
        System.arraycopy(key, 0, out, off, key.length);
    }

    /** Forgets the held key (wiped). */
    public void clear() {
        Secrets.wipe(key);
        version = -1;
        groupId = -1;
    }
}
