package io.dynakey.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaTest {

    @Test
    void every_committed_schema_parses() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("schemas"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".properties")).toList()) {
                Schema s = Schema.read(f);
                assertTrue(s.features().size() >= 2, f.toString());
            }
        }
    }

    @Test
    void a_feature_described_but_not_listed_is_refused() {
        Properties p = new Properties();
        p.setProperty("label.column", "label");
        p.setProperty("label.benign", "0");
        p.setProperty("features", "a");
        p.setProperty("feature.a.id", "1");
        p.setProperty("feature.b.id", "2");
        DataException e = assertThrows(DataException.class, () -> Schema.parse(p, "x.properties"));
        assertEquals("b", e.column());
    }

    @Test
    void a_duplicate_feature_id_is_refused() {
        Properties p = new Properties();
        p.setProperty("label.column", "label");
        p.setProperty("label.benign", "0");
        p.setProperty("features", "a,b");
        p.setProperty("feature.a.id", "1");
        p.setProperty("feature.b.id", "1");
        DataException e = assertThrows(DataException.class, () -> Schema.parse(p, "x.properties"));
        assertTrue(e.getMessage().contains("used twice"), e.getMessage());
    }

    @Test
    void an_unknown_unit_is_refused() {
        Properties p = new Properties();
        p.setProperty("label.column", "label");
        p.setProperty("label.benign", "0");
        p.setProperty("features", "a");
        p.setProperty("feature.a.id", "1");
        p.setProperty("feature.a.unit", "furlongs");
        assertThrows(DataException.class, () -> Schema.parse(p, "x.properties"));
    }
}
