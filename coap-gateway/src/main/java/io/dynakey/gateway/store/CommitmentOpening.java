package io.dynakey.gateway.store;

import java.util.HexFormat;

/**
 * What opens one device key's ledger commitment to whoever holds the key: the commitment as the
 * {@code Enrolled} or {@code Rotated} event carries it, its scheme version, and (version 2) its
 * salt. The salt opens this commitment only; {@link #toString()} does not show it, since with it a
 * weak key could be tested by guessing.
 *
 * @param deviceId   the device
 * @param epoch      the key's epoch
 * @param state      the key's state now
 * @param commitment the 16-byte commitment
 * @param version    1 (unsalted, written before hardening h17) or 2 (salted)
 * @param salt       the 16-byte salt for version 2; empty for version 1
 */
public record CommitmentOpening(String deviceId, long epoch, KeyState state, byte[] commitment, int version, byte[] salt) {

    @Override
    public String toString() {
        return "CommitmentOpening[" + deviceId + "@" + epoch + " " + state + " v" + version + " "
                + HexFormat.of().formatHex(commitment) + "]";
    }
}
