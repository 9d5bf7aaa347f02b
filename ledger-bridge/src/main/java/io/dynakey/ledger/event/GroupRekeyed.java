package io.dynakey.ledger.event;

import io.dynakey.device.wire.RotationReason;

/**
 * A device group got a new group key (join, leave, revocation or policy).
 *
 * @param groupId      group id, 1..64 printable ASCII characters
 * @param groupVersion version of the new group key (>= 0)
 * @param reason       reason code, 0..255 ({@link RotationReason}, e.g. {@code MEMBER_LEFT})
 * @param memberCount  members holding the new key (>= 0)
 * @param key          commitment to the new group key
 */
public record GroupRekeyed(String groupId, long groupVersion, int reason, int memberCount, KeyCommitment key)
        implements EventBody {

    public GroupRekeyed {
        Ids.require(groupId, "groupId");
        Ids.requireNonNegative(groupVersion, "groupVersion");
        Ids.requireRange(reason, 0, 255, "reason");
        Ids.requireRange(memberCount, 0, Integer.MAX_VALUE, "memberCount");
        java.util.Objects.requireNonNull(key, "key");
    }

    @Override
    public EventType type() {
        return EventType.GROUP_REKEYED;
    }
}
