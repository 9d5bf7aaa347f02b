package io.dynakey.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaTest {

    @Test
    void every_shipped_schema_is_listed_and_parses_from_the_class_path() throws Exception {
        // given the schema files in the resource folder
        List<String> files;
        try (Stream<Path> list = Files.list(Path.of(Schemas.class.getResource(Schemas.FOLDER).toURI()))) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".properties"))
                    .map(n -> n.substring(0, n.length() - ".properties".length())).sorted().toList();
        }
        // then each is one of the names, and every name loads by name
        assertEquals(files, Schemas.NAMES.stream().sorted().toList());
        for (String name : Schemas.NAMES) {
            Schema s = Schemas.named(name);
            assertTrue(s.features().size() >= 2, name);
            assertTrue(s.source().endsWith(name + ".properties"), s.source());
        }
    }

    @Test
    void a_schema_is_found_by_file_path_or_by_name() throws Exception {
        // given a schema file that differs from the shipped iot23 one
        Path dir = Files.createTempDirectory("schema-test");
        Path file = dir.resolve("iot23.properties");
        Files.writeString(file, "name=mine\nlabel.column=label\nlabel.benign=0\nfeatures=a,b\nfeature.a.id=1\nfeature.b.id=2\n");
        try {
            // then an existing file wins over the name, and a name (with or without .properties) finds the resource
            assertEquals("mine", Schemas.resolve(file.toString()).name());
            assertEquals(Schemas.named(Schemas.IOT23).features(), Schemas.resolve("iot23").features());
            assertEquals(Schemas.named("ton_iot_modbus").features(), Schemas.resolve("ton_iot_modbus.properties").features());
            DataException e = assertThrows(DataException.class, () -> Schemas.resolve("no_such_schema"));
            assertTrue(e.getMessage().contains("iot23"), "names the shipped schemas: " + e.getMessage());
        } finally {
            Files.delete(file);
            Files.delete(dir);
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

    @Test
    void the_threat_model_names_controlled_features_and_their_raw_bounds_and_absent_means_not_controlled()
            throws Exception {
        // given a schema where only a is controlled
        Properties p = new Properties();
        p.setProperty("label.column", "label");
        p.setProperty("label.benign", "0");
        p.setProperty("features", "a,b");
        p.setProperty("feature.a.id", "1");
        p.setProperty("feature.b.id", "2");
        p.setProperty("feature.a.attacker", " -5 .. 1000 ");
        Schema s = Schema.parse(p, "x.properties");
        // then a carries its bounds and b is not controlled
        assertEquals(new FeatureSpec.AttackerBounds(-5, 1000), s.features().get(0).attacker());
        assertTrue(s.features().get(0).withCategories(List.of()).attackerControlled(), "kept by withCategories");
        assertEquals(null, s.features().get(1).attacker());
        // and the shipped iot23 schema lets the attacker shape bytes, not the connection state
        Schema iot = Schemas.named(Schemas.IOT23);
        for (FeatureSpec f : iot.features()) {
            boolean shaped = f.column().endsWith("bytes") && !f.column().equals("missed_bytes")
                    || f.column().endsWith("pkts") || f.column().equals("duration");
            assertEquals(shaped, f.attackerControlled(), f.column());
        }
        // and bad bounds are refused with the key named
        p.setProperty("feature.a.attacker", "10..5");
        DataException e = assertThrows(DataException.class, () -> Schema.parse(p, "x.properties"));
        assertTrue(e.getMessage().contains("feature.a.attacker"), e.getMessage());
        p.setProperty("feature.a.attacker", "lots");
        assertThrows(DataException.class, () -> Schema.parse(p, "x.properties"));
    }
}
