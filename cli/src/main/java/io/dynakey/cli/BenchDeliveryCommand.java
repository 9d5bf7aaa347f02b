package io.dynakey.cli;

import io.dynakey.bench.BenchDocs;
import io.dynakey.bench.delivery.DeliveryBench;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey bench delivery}: Californium's default retransmission against the learned delivery strategy under loss. */
@Command(name = "delivery", mixinStandardHelpOptions = true,
        description = "Real rotations (DTLS on loopback through the lossy relay) with Californium's default "
                + "retransmission, then with the delivery strategy the per-class bandit learns, at several loss levels.")
final class BenchDeliveryCommand implements Callable<Integer> {

    @Option(names = "--loss", split = ",", description = "loss shares, each a lab (default 0,0.1,0.2,0.3)")
    List<Double> losses = DeliveryBench.Settings.standard().losses();

    @Option(names = "--devices", description = "devices per class (default ${DEFAULT-VALUE})")
    int devices = DeliveryBench.Settings.standard().devicesPerClass();

    @Option(names = "--rotations", description = "measured rotations per device, each way (default ${DEFAULT-VALUE})")
    int rotations = DeliveryBench.Settings.standard().rotations();

    @Option(names = "--learn", description = "rotations per device the bandit learns from first (default ${DEFAULT-VALUE})")
    int learn = DeliveryBench.Settings.standard().learnRotations();

    @Option(names = "--seed", description = "seed of the links, wake phases and gaps (default ${DEFAULT-VALUE})")
    long seed = DeliveryBench.Settings.standard().seed();

    @Option(names = "--out", description = "Markdown file whose \"Delivery\" section is rewritten (default ${DEFAULT-VALUE})")
    Path out = Path.of("docs/benchmarks.md");

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        for (double l : losses) {
            if (!(l >= 0 && l < 1)) {
                throw new IllegalArgumentException("--loss takes shares in 0..<1, not " + l);
            }
        }
        DeliveryBench.Settings std = DeliveryBench.Settings.standard();
        DeliveryBench.Settings s = new DeliveryBench.Settings(losses, devices, rotations, learn, seed, std.abandonAfterMs(),
                std.maxGapMs());
        long t0 = System.nanoTime();
        List<DeliveryBench.Level> levels = DeliveryBench.run(s, System.err);
        String table = DeliveryBench.table(levels);
        System.out.print(table);
        BenchDocs.writeSection(out, "## Delivery", DeliveryBench.report(s, levels, Instant.now(),
                Runtime.getRuntime().availableProcessors(), (System.nanoTime() - t0) / 1e9));
        System.err.println("wrote the Delivery section of " + out);
        return 0;
    }
}
