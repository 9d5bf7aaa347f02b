package io.dynakey.cli;

import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.ProgressListener;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.federated.FederatedException;
import io.dynakey.trainer.federated.FederatedPlan;
import io.dynakey.trainer.federated.FederatedSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey train federated-site}: one site's answer to a plan, computed where the data is. */
@Command(name = "federated-site", mixinStandardHelpOptions = true,
        description = "Federated training, site side (docs/federated.md): answers the coordinator's plan from this site's "
                + "labelled CSV with label totals and per-leaf, per-feature, per-label histograms over the shared "
                + "quantized bins (round 0: feature ranges). No row leaves the site.")
final class TrainFederatedSiteCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "This site's labelled CSV.")
    Path data;

    @Option(names = "--schema", required = true, converter = SchemaConverter.class, description = "The " + SchemaConverter.HELP + ".")
    Schema schema;

    @Option(names = "--plan", required = true, description = "The plan file from dynakey train federated.")
    Path plan;

    @Option(names = "--site", required = true, description = "This site's name (e.g. the gateway id).")
    String site;

    @Option(names = "--out", required = true, paramLabel = "STATS", description = "Statistics file to write.")
    Path out;

    @Override
    public Integer call() {
        try {
            FederatedPlan p = FederatedPlan.read(plan);
            if (!Files.isRegularFile(data)) {
                System.err.println("dynakey train federated-site: no such data file: " + data);
                return 2;
            }
            Telemetry t = new TelemetryLoader(schema).load(data, ProgressListener.NONE);
            int[] rows = new int[t.rows()];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = r;
            }
            byte[] stats = new FederatedSite(site, t, rows).answer(p).encode();
            Files.write(out, stats);
            System.out.printf("site %s, round %d: %,d rows -> %s (%,d bytes; the CSV has %,d)%n", site, p.round(), t.rows(), out,
                    stats.length, Files.size(data));
            return 0;
        } catch (FederatedException | DataException e) {
            System.err.println("dynakey train federated-site: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            System.err.println("dynakey train federated-site: " + SecretSafeErrors.describe(e));
            return 1;
        }
    }
}
