package io.dynakey.fleet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.fleet.FleetException;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerDrainTest {

    @TempDir
    Path dir;

    @Test
    void a_journal_that_cannot_be_opened_is_a_fleet_error_naming_the_file() throws Exception {
        GatewayConfig cfg = GatewayConfig.builder().set(GatewaySettings.DATA_DIR, dir.resolve("gw")).build();
        try (Gateway gateway = Gateway.open(cfg, System::currentTimeMillis)) {
            Path notAFile = Files.createDirectories(dir.resolve("ledger.journal"));
            FleetException e = assertThrows(FleetException.class,
                    () -> LedgerDrain.open(gateway, notAFile, System::currentTimeMillis));
            assertTrue(e.getMessage().contains(notAFile.toString()), e.getMessage());
        }
    }

    @Test
    void the_outbox_drains_as_the_run_goes_not_only_at_its_end() throws Exception {
        GatewayConfig cfg = GatewayConfig.builder().set(GatewaySettings.DATA_DIR, dir.resolve("gw")).build();
        try (Gateway gateway = Gateway.open(cfg, System::currentTimeMillis);
             LedgerDrain drain = LedgerDrain.open(gateway, dir.resolve("ledger.journal"), System::currentTimeMillis)) {
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < 3; i++) {
                byte[] psk = new byte[16];
                random.nextBytes(psk);
                gateway.store().registerDevice("dev-" + i, new byte[32], "1", new Secret(psk), System.currentTimeMillis());
            }
            // no drainAll, no close: a run killed now must already have its events in the journal
            long until = System.currentTimeMillis() + 10_000;
            while (drain.anchored() < 3 && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertEquals(3, drain.anchored(), "the three Enrolled events were anchored in the background");
        }
    }
}
