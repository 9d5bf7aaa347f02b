package io.dynakey.trainer.data;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Small schemas and CSVs written in the tests themselves. */
public final class TestData {

    private TestData() {
    }

    /** A schema with two numeric features, a categorical one, a class column and a group column. */
    public static Schema schema() throws Exception {
        Properties p = new Properties();
        p.setProperty("name", "toy");
        p.setProperty("label.column", "label");
        p.setProperty("label.benign", "normal");
        p.setProperty("class.column", "kind");
        p.setProperty("group.column", "host");
        p.setProperty("ignore", "ts");
        p.setProperty("features", "bytes,temp,state");
        p.setProperty("feature.bytes.id", "1");
        p.setProperty("feature.bytes.unit", "bytes");
        p.setProperty("feature.bytes.missing", "-1");
        p.setProperty("feature.temp.id", "130");
        p.setProperty("feature.temp.unit", "celsius");
        p.setProperty("feature.temp.scale", "2");
        p.setProperty("feature.state.id", "17");
        p.setProperty("feature.state.encoding", "categorical");
        p.setProperty("feature.state.categories", "low,high");
        return Schema.parse(p, "toy.properties");
    }

    public static Telemetry load(Schema schema, String csv) throws Exception {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return new TelemetryLoader(schema).load(new ByteArrayInputStream(bytes), "toy.csv", bytes.length, ProgressListener.NONE);
    }
}
