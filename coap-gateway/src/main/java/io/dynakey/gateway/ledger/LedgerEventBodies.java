package io.dynakey.gateway.ledger;

import io.dynakey.gateway.store.EventBodies;
import io.dynakey.gateway.store.Secret;
import io.dynakey.ledger.event.Enrolled;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.GroupRekeyed;
import io.dynakey.ledger.event.KeyCommitment;
import io.dynakey.ledger.event.Revoked;
import io.dynakey.ledger.event.Rotated;
import java.util.Arrays;

/**
 * {@link EventBodies} in the ledger's canonical encoding ({@link EventCodec#encodeBody}), with the
 * ledger's salted version-2 {@link KeyCommitment}s. Stateless.
 */
public final class LedgerEventBodies implements EventBodies {

    /** The commitment version this class computes. */
    public static final int COMMITMENT_VERSION = 2;

    @Override
    public int commitmentVersion() {
        return COMMITMENT_VERSION;
    }

    @Override
    public byte[] deviceKeyCommitment(Secret commitmentSecret, String deviceId, long epoch, byte[] key) {
        return commitment(commitmentSecret, KeyCommitment.Kind.DEVICE_KEY, deviceId, epoch, key);
    }

    @Override
    public byte[] groupKeyCommitment(Secret commitmentSecret, String groupId, long version, byte[] key) {
        return commitment(commitmentSecret, KeyCommitment.Kind.GROUP_KEY, groupId, version, key);
    }

    @Override
    public byte[] deviceKeySalt(Secret commitmentSecret, String deviceId, long epoch) {
        return salt(commitmentSecret, KeyCommitment.Kind.DEVICE_KEY, deviceId, epoch);
    }

    @Override
    public byte[] enrolled(String deviceId, long epoch, byte[] commitment) {
        return EventCodec.encodeBody(new Enrolled(deviceId, epoch, KeyCommitment.fromBytes(commitment)));
    }

    @Override
    public byte[] rotated(String deviceId, long epoch, int reason, int riskPermille, long modelVersion, byte[] commitment) {
        return EventCodec.encodeBody(new Rotated(deviceId, epoch, reason, riskPermille, modelVersion,
                KeyCommitment.fromBytes(commitment)));
    }

    @Override
    public byte[] revoked(String deviceId, long lastEpoch, int reason) {
        return EventCodec.encodeBody(new Revoked(deviceId, lastEpoch, reason));
    }

    @Override
    public byte[] groupRekeyed(String groupId, long version, int reason, int memberCount, byte[] commitment) {
        return EventCodec.encodeBody(new GroupRekeyed(groupId, version, reason, memberCount, KeyCommitment.fromBytes(commitment)));
    }

    private static byte[] commitment(Secret commitmentSecret, KeyCommitment.Kind kind, String scope, long epoch, byte[] key) {
        byte[] salt = salt(commitmentSecret, kind, scope, epoch);
        try {
            return KeyCommitment.of(kind, salt, scope, epoch, key).toBytes();
        } finally {
            Arrays.fill(salt, (byte) 0);
        }
    }

    private static byte[] salt(Secret commitmentSecret, KeyCommitment.Kind kind, String scope, long epoch) {
        byte[] secret = commitmentSecret.bytes();
        try {
            return KeyCommitment.salt(secret, kind, scope, epoch);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
