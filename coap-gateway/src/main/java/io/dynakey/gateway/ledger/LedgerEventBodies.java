package io.dynakey.gateway.ledger;

import io.dynakey.gateway.store.EventBodies;
import io.dynakey.ledger.event.Enrolled;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.GroupRekeyed;
import io.dynakey.ledger.event.KeyCommitment;
import io.dynakey.ledger.event.Revoked;
import io.dynakey.ledger.event.Rotated;

/** {@link EventBodies} in the ledger's canonical encoding ({@link EventCodec#encodeBody}). Stateless. */
public final class LedgerEventBodies implements EventBodies {

    @Override
    public byte[] commitment(String scope, long epoch, byte[] key) {
        return KeyCommitment.of(scope, epoch, key).toBytes();
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
}
