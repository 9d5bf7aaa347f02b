package io.dynakey.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which journal the console's ledger page verifies. */
class ConsoleOptionsTest {

    @Test
    void the_ledger_page_verifies_the_gateways_own_journal_unless_another_is_named() {
        Path drained = Path.of("ledger.journal");
        Path named = Path.of("bridge.journal");
        GatewayConfig own = GatewayConfig.builder().set(GatewaySettings.CONSOLE_PORT, 0)
                .set(GatewaySettings.LEDGER_JOURNAL, drained).build();
        assertEquals(drained, ConsoleOptions.of(own).orElseThrow().journal());
        GatewayConfig both = GatewayConfig.builder().set(GatewaySettings.CONSOLE_PORT, 0)
                .set(GatewaySettings.LEDGER_JOURNAL, drained).set(GatewaySettings.CONSOLE_JOURNAL, named).build();
        assertEquals(named, ConsoleOptions.of(both).orElseThrow().journal());
        assertEquals(null, ConsoleOptions.of(GatewayConfig.builder().set(GatewaySettings.CONSOLE_PORT, 0).build())
                .orElseThrow().journal());
        assertTrue(ConsoleOptions.of(GatewayConfig.builder().build()).isEmpty(), "off by default");
    }
}
