package io.dynakey.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the settings table of {@code docs/architecture.md} equal to {@link GatewaySettings}. After
 * changing a setting, regenerate it with {@code -Ddynakey.docs.update=true}.
 */
class SettingsDocTest {

    static final Path DOC = Path.of("..", "docs", "architecture.md");
    static final String BEGIN = "<!-- gateway-settings:begin (generated from GatewaySettings by SettingsDocTest;"
            + " regenerate with -Ddynakey.docs.update=true) -->\n";
    static final String END = "<!-- gateway-settings:end -->\n";

    @Test
    void the_documented_settings_table_is_the_one_the_definitions_give() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, DOC + " has no settings table between the markers " + BEGIN + END);
        String expected = SettingsTable.markdown(GatewaySettings.ALL);
        String actual = doc.substring(begin + BEGIN.length(), end);
        if (!expected.equals(actual) && Boolean.getBoolean("dynakey.docs.update")) {
            Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + expected + doc.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, actual, DOC + " is out of date: rerun this test with -Ddynakey.docs.update=true");
    }

    @Test
    void the_table_has_a_row_per_setting_with_its_key_type_unit_and_default() {
        String table = SettingsTable.markdown(GatewaySettings.ALL);
        assertEquals(GatewaySettings.ALL.size() + 2, table.split("\n").length);
        assertTrue(table.contains("| `gateway.rotation.grace-window` | duration | s | 10min | 0s .. 30d | "), table);
        assertTrue(table.contains("| `gateway.rotation.retire-interval` | duration | ms | 5s | 100ms .. 1h | "), table);
        assertTrue(table.contains("| `gateway.port` | integer | - | 5684 | 0 .. 65535 | "), table);
        assertTrue(table.contains("| `gateway.kek-file` | path | - | unset | - | "), table);
    }
}
