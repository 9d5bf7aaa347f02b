package io.dynakey.gateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.CommitmentOpening;
import io.dynakey.gateway.store.PendingKey;
import io.dynakey.gateway.store.Secret;
import io.dynakey.ledger.event.Enrolled;
import io.dynakey.ledger.event.KeyCommitment;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.Rotated;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 F4: the key commitment of an {@code Enrolled} event no longer tests a guess of the key.
 * Before h17 the commitment was an unsalted hash of public fields and the key, so a weak factory
 * PSK was recovered from the outbox on the first guess. Now a correct guess reproduces nothing
 * without the commitment's salt, which only the gateway can derive and discloses one at a time.
 */
class SaltedCommitmentTest {

    /** A key an attacker guesses right: it is the one the factory used. */
    static final byte[] KNOWN_KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    @TempDir
    Path dir;

    @Test
    void a_right_guess_of_the_key_does_not_reproduce_the_enrolled_commitment_without_the_salt_and_does_with_it()
            throws Exception {
        try (Gateway g = gateway()) {
            // given a device enrolled with a key the attacker knows, and its Enrolled event in the outbox
            g.store().registerDevice("dev-1", new byte[32], "0", new Secret(KNOWN_KEY), 1000);
            g.store().registerDevice("dev-2", new byte[32], "0", new Secret(KNOWN_KEY), 1000);
            List<LedgerEvent> events = g.events().readAfter(0, 10);
            KeyCommitment onLedger = ((Enrolled) events.get(0).body()).key();

            // when the attacker tests the right key the way that worked before h17, or with any salt of its own
            KeyCommitment unsalted = KeyCommitment.unsaltedV1("dev-1", 0, KNOWN_KEY);
            KeyCommitment zeroSalt = KeyCommitment.of(KeyCommitment.Kind.DEVICE_KEY, new byte[16], "dev-1", 0, KNOWN_KEY);

            // then nothing matches
            assertNotEquals(onLedger, unsalted);
            assertNotEquals(onLedger, zeroSalt);
            // and the same key of another device has an unrelated commitment
            assertNotEquals(onLedger, ((Enrolled) events.get(1).body()).key());

            // when the gateway opens this one commitment
            CommitmentOpening opening = g.store().openCommitment("dev-1", 0).orElseThrow();

            // then whoever holds the key recomputes it, and a wrong key still does not match
            assertEquals(2, opening.version());
            assertEquals(onLedger, KeyCommitment.fromBytes(opening.commitment()));
            assertEquals(onLedger, KeyCommitment.of(KeyCommitment.Kind.DEVICE_KEY, opening.salt(), "dev-1", 0, KNOWN_KEY));
            byte[] wrong = KNOWN_KEY.clone();
            wrong[15] ^= 1;
            assertNotEquals(onLedger, KeyCommitment.of(KeyCommitment.Kind.DEVICE_KEY, opening.salt(), "dev-1", 0, wrong));
            // the salt opens this commitment only: the other device's salt differs and the string form hides it
            byte[] other = g.store().openCommitment("dev-2", 0).orElseThrow().salt();
            assertFalse(Arrays.equals(opening.salt(), other));
            assertFalse(opening.toString().contains(HexFormat.of().formatHex(opening.salt())), opening.toString());
            assertTrue(g.store().openCommitment("dev-1", 1).isEmpty(), "no key row, nothing to open");
        }
    }

    @Test
    void a_rotated_event_opens_the_same_way_and_the_store_checks_its_commitments() throws Exception {
        try (Gateway g = gateway()) {
            g.store().registerDevice("dev-1", new byte[32], "0", new Secret(KNOWN_KEY), 1000);
            byte[] next = new byte[16];
            Arrays.fill(next, (byte) 7);
            g.store().putPending(new PendingKey("dev-1", 0, 1, new Secret(next), new byte[32], new byte[32], new byte[] {1},
                    1, 500, 7), 1100);
            g.store().commit("dev-1", 1, 1200, 0);

            Rotated rotated = (Rotated) g.events().readAfter(1, 10).get(0).body();
            byte[] salt = g.store().openCommitment("dev-1", 1).orElseThrow().salt();

            assertNotEquals(rotated.key(), KeyCommitment.unsaltedV1("dev-1", 1, next));
            assertEquals(rotated.key(), KeyCommitment.of(KeyCommitment.Kind.DEVICE_KEY, salt, "dev-1", 1, next));
            assertTrue(g.store().check().isEmpty(), g.store().check().toString());
        }
    }

    @Test
    void a_row_written_before_h17_is_opened_as_unsalted_version_1() throws Exception {
        try (Gateway g = gateway()) {
            g.store().registerDevice("dev-1", new byte[32], "0", new Secret(KNOWN_KEY), 1000);
        }
        // what the migration gives rows written by older versions
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("gateway.db"));
             Statement s = c.createStatement()) {
            s.execute("UPDATE device_key SET commitment_version = 1");
        }
        try (Gateway g = gateway()) {
            CommitmentOpening opening = g.store().openCommitment("dev-1", 0).orElseThrow();
            assertEquals(1, opening.version());
            assertEquals(0, opening.salt().length);
            assertTrue(g.store().check().isEmpty(), "a version-1 row is not checked against the version-2 formula");
        }
    }

    private Gateway gateway() throws Exception {
        return Gateway.open(GatewayConfig.builder().set(GatewaySettings.DATA_DIR, dir).build());
    }
}
