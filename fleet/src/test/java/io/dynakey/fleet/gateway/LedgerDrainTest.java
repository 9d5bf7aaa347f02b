package io.dynakey.fleet.gateway;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.fleet.FleetException;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
