package io.dynakey.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynakey.trainer.data.ProgressListener;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Split;
import io.dynakey.trainer.data.Splitter;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainOptions;
import io.dynakey.trainer.model.TrainedModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactExportTest {

    /**
     * Synthetic telemetry whose classes change exactly at integer boundaries (1024 bytes, -12.345
     * degrees, 30 peers), with byte counts from 0 to 10^9 (log quantizer territory), negative
     * temperatures and a category. (A class boundary between 999,999,999 and 10^9 next to one at
     * 1024 cannot be kept exact by any single 16-bit quantizer of the format; the 99.9 % floor is
     * there for such data.)
     */
    static Telemetry synthetic(int rows, long seed) throws Exception {
        Properties p = new Properties();
        p.setProperty("name", "synthetic");
        p.setProperty("label.column", "label");
        p.setProperty("label.benign", "benign");
        p.setProperty("class.column", "kind");
        p.setProperty("features", "bytes,temp,peers,proto");
        p.setProperty("feature.bytes.id", "1");
        p.setProperty("feature.bytes.unit", "bytes");
        p.setProperty("feature.bytes.quantizer", "log");
        p.setProperty("feature.temp.id", "130");
        p.setProperty("feature.temp.unit", "celsius");
        p.setProperty("feature.temp.scale", "3");
        p.setProperty("feature.peers.id", "11");
        p.setProperty("feature.proto.id", "18");
        p.setProperty("feature.proto.encoding", "categorical");
        p.setProperty("feature.proto.categories", "tcp,udp,icmp");
        Schema schema = Schema.parse(p, "synthetic.properties");
        Random rng = new Random(seed);
        StringBuilder csv = new StringBuilder("bytes,temp,peers,proto,label,kind\n");
        long[] edges = {0, 1, 2, 1023, 1024, 1025, 1_000_000_000};
        String[] protos = {"tcp", "udp", "icmp"};
        for (int i = 0; i < rows; i++) {
            long bytes = rng.nextInt(4) == 0 ? edges[rng.nextInt(edges.length)] : (long) Math.pow(10, 9 * rng.nextDouble());
            long milli = rng.nextInt(80_001) - 40_000;
            int peers = rng.nextInt(40);
            String proto = protos[rng.nextInt(3)];
            String kind;
            if (bytes > 300_000_000L) {
                kind = "exfiltration";
            } else if (peers > 30 && milli > 1000) {
                kind = "scan";
            } else if (bytes <= 1024 && proto.equals("icmp") && milli <= -12_345) {
                kind = "ping";
            } else {
                kind = "-";
            }
            csv.append(bytes).append(',').append(milli < 0 ? "-" : "").append(Math.abs(milli) / 1000).append('.')
                    .append(String.format("%03d", Math.abs(milli % 1000)))
                    .append(',').append(peers).append(',').append(proto).append(',')
                    .append(kind.equals("-") ? "benign" : "attack").append(',').append(kind).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        return new TelemetryLoader(schema).load(new ByteArrayInputStream(bytes), "synthetic.csv", bytes.length, ProgressListener.NONE);
    }

    @Test
    void the_device_agrees_with_tribuo_on_every_held_out_row_of_boundary_data() throws Exception {
        // given telemetry whose classes flip at integer edges, including 0 and 10^9 byte counts
        Telemetry data = synthetic(6000, 1);
        Split split = new Splitter(0.7, 0.1, 3).stratified(data);
        for (Task task : Task.values()) {
            for (int trees : new int[] {1, 7}) {
                // when a tree and a forest are trained on raw integers and exported
                TrainedModel m = new ForestTrainer().train(data, split.train(),
                        TrainOptions.defaults(task).withDepth(10).withTrees(trees));
                ExportResult r = new ExactExporter().export(m, data, split.train(), split.test(),
                        new ExactExporter.Header(1, 1, 42, 0, new byte[16]));
                // then the device's evaluation equals Tribuo's on every held-out row, and on every training row
                assertEquals(1.0, r.agreement(), task + " " + trees);
                assertEquals(0, r.inexactSplits());
                DeviceCheck device = DeviceCheck.of(r.file());
                for (int row : split.train()) {
                    assertEquals(m.predict(data.row(row)), device.predict(data.row(row)));
                }
            }
        }
    }

    @Test
    void values_one_step_either_side_of_every_split_go_the_way_tribuo_sends_them() throws Exception {
        Telemetry data = synthetic(3000, 2);
        Split split = new Splitter(0.7, 0.1, 3).stratified(data);
        TrainedModel m = new ForestTrainer().train(data, split.train(), TrainOptions.defaults(Task.BINARY).withDepth(8));
        ExportResult r = new ExactExporter().export(m, data, split.train(), split.test(),
                new ExactExporter.Header(1, 1, 42, 0, new byte[16]));
        DeviceCheck device = DeviceCheck.of(r.file());
        Random rng = new Random(5);
        int checked = 0;
        for (int i = 0; i < 2000; i++) {
            long[] raw = data.row(split.test()[rng.nextInt(split.test().length)]);
            int f = rng.nextInt(raw.length);
            for (long delta = -2; delta <= 2; delta++) {
                long[] probe = raw.clone();
                probe[f] += delta;
                assertEquals(m.predict(probe), device.predict(probe));
                checked++;
            }
        }
        assertEquals(10_000, checked);
    }

    @Test
    void forest_ties_go_to_the_lowest_class_index_as_in_tribuo() throws Exception {
        // an even number of trees makes ties possible; the device must resolve them as VotingCombiner does
        Telemetry data = synthetic(4000, 3);
        Split split = new Splitter(0.7, 0.1, 4).stratified(data);
        TrainedModel m = new ForestTrainer().train(data, split.train(),
                TrainOptions.defaults(Task.MULTICLASS).withDepth(3).withTrees(4));
        ExportResult r = new ExactExporter().export(m, data, split.train(), split.test(),
                new ExactExporter.Header(1, 1, 42, 0, new byte[16]));
        assertEquals(1.0, r.agreement());
    }
}
