package io.dynakey.trainer.federated;

import io.dynakey.models.QuantizerSpec;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.export.ExportException;
import io.dynakey.trainer.export.ExportResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The in-process driver (tests and the bench): runs every round between a coordinator and its
 * sites through the real message bytes, counting what each site downloads and uploads. A real
 * deployment runs the same rounds through files ({@code dynakey train federated-site} at each
 * site, {@code dynakey train federated} at the trainer). Stateless.
 */
public final class Federation {

    private Federation() {
    }

    /**
     * The traffic of one site over all rounds.
     *
     * @param site      site name
     * @param rows      rows it trained on
     * @param sentBytes statistics bytes it uploaded, all rounds
     * @param planBytes plan bytes it downloaded, all rounds
     */
    public record Traffic(String site, int rows, long sentBytes, long planBytes) {
    }

    /**
     * The outcome of a run.
     *
     * @param tree    the model
     * @param rounds  rounds run (round 0 included)
     * @param traffic per site, in site order
     * @param sites   the coordinator's verdict on each site
     */
    public record Result(FederatedTree tree, int rounds, List<Traffic> traffic, List<FederatedCoordinator.SiteReport> sites) {
    }

    /** Runs all rounds. */
    public static Result run(FederatedCoordinator coordinator, List<FederatedSite> sites) throws FederatedException {
        Map<String, long[]> bytes = new LinkedHashMap<>();
        for (FederatedSite s : sites) {
            bytes.put(s.name(), new long[2]);
        }
        while (!coordinator.done()) {
            byte[] plan = coordinator.plan().encode();
            List<SiteStats> answers = new ArrayList<>();
            for (FederatedSite s : sites) {
                byte[] stats = s.answer(FederatedPlan.decode(plan)).encode();
                bytes.get(s.name())[0] += stats.length;
                bytes.get(s.name())[1] += plan.length;
                answers.add(SiteStats.decode(stats));
            }
            coordinator.accept(answers);
        }
        List<Traffic> traffic = new ArrayList<>();
        for (FederatedSite s : sites) {
            long[] b = bytes.get(s.name());
            traffic.add(new Traffic(s.name(), s.rows(), b[0], b[1]));
        }
        return new Result(coordinator.tree(), coordinator.round(), traffic, coordinator.sites());
    }

    /**
     * Raw vectors that exercise every split of the tree on both sides: per feature, the largest
     * raw value at or below each threshold and the next one, mixed at random.
     */
    public static List<long[]> probes(FederatedTree tree, int count, long seed) {
        int nf = tree.quantizers().size();
        List<List<Long>> edges = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            edges.add(new ArrayList<>(List.of(0L)));
        }
        for (int i = 0; i < tree.feature().length; i++) {
            int f = tree.feature()[i];
            if (f >= 0) {
                QuantizerSpec q = tree.quantizers().get(f);
                long r = q.maxRawAtOrBelow(tree.value()[i]);
                edges.get(f).add(r);
                if (r < Long.MAX_VALUE) {
                    edges.get(f).add(r + 1);
                }
            }
        }
        Random rng = new Random(seed);
        List<long[]> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            long[] v = new long[nf];
            for (int f = 0; f < nf; f++) {
                List<Long> e = edges.get(f);
                v[f] = e.get(rng.nextInt(e.size()));
            }
            out.add(v);
        }
        return out;
    }

    /**
     * Exports the tree with the trainer's exporter (unsigned bytes; sign them like any model),
     * checked against the device's evaluator on {@code probes} and on 4,096 threshold-edge vectors.
     */
    public static ExportResult export(FederatedTree tree, Schema schema, ExactExporter.Header header, List<long[]> probes)
            throws ExportException {
        List<long[]> all = new ArrayList<>(probes);
        all.addAll(probes(tree, 4096, header.seed()));
        return new ExactExporter().exportQuantized(schema, tree.quantizers(), tree.toTreeNode(), FederatedTree.CLASSES.size(),
                header, all, tree::predict);
    }
}
