package io.dynakey.trainer;

import io.dynakey.models.TinyModelWriter;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.export.ExportException;
import io.dynakey.trainer.export.ExportResult;
import io.dynakey.trainer.federated.FederatedCoordinator;
import io.dynakey.trainer.federated.FederatedException;
import io.dynakey.trainer.federated.FederatedOptions;
import io.dynakey.trainer.federated.FederatedTree;
import io.dynakey.trainer.federated.Federation;
import io.dynakey.trainer.federated.SiteStats;
import io.dynakey.trainer.report.Json;
import io.dynakey.trainer.sign.SigningKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coordinator of {@code dynakey train federated} over files: replays every round from the
 * statistics files given so far (the coordinator's state is a function of them), then writes the
 * next round's plan, or, when the tree is complete, the signed model, {@code features.properties}
 * and {@code federated.json}. Not thread-safe.
 */
public final class FederatedTraining {

    /** Summary file of a finished federated run. */
    public static final String SUMMARY = "federated.json";

    private final PrintStream log;

    public FederatedTraining(PrintStream log) {
        this.log = log;
    }

    /**
     * The outcome of one invocation.
     *
     * @param plan  the plan file the sites must answer next, or null when finished
     * @param model the signed model file, or null while rounds remain
     * @param round the round the plan is for (or the number of rounds run)
     */
    public record Step(Path plan, Path model, int round) {
    }

    /** Plan file name of a round. */
    public static String planName(int round) {
        return "plan-" + round + ".dkfp";
    }

    /**
     * Replays the statistics and writes what comes next.
     *
     * @param stats statistics files of any rounds so far, any order
     */
    public Step run(Schema schema, FederatedOptions options, List<Path> stats, Path out, Path keyFile, long modelId,
                    long modelVersion) throws IOException, FederatedException, ExportException {
        Map<Integer, List<SiteStats>> byRound = new TreeMap<>();
        for (Path p : stats) {
            SiteStats s = SiteStats.read(p);
            byRound.computeIfAbsent(s.round(), r -> new ArrayList<>()).add(s);
        }
        FederatedCoordinator c = new FederatedCoordinator(schema, options);
        while (!c.done() && byRound.containsKey(c.round())) {
            int r = c.round();
            List<SiteStats> answers = byRound.remove(r);
            c.accept(answers);
            log.printf("round %d: %d sites answered%n", r, answers.size());
        }
        if (!byRound.isEmpty()) {
            throw new FederatedException("statistics of round " + byRound.keySet().iterator().next()
                    + " but the rounds before it are incomplete (this is round " + c.round() + ")");
        }
        Files.createDirectories(out);
        if (!c.done()) {
            Path plan = out.resolve(planName(c.round()));
            Files.write(plan, c.plan().encode());
            log.printf("wrote %s (round %d, %,d bytes, %s): send it to every site, run dynakey train federated-site there, "
                    + "then run this command again with all statistics files%n", plan, c.round(), Files.size(plan),
                    c.round() == 0 ? "asks for feature ranges" : c.plan().openCount() + " open leaves");
            return new Step(plan, null, c.round());
        }
        FederatedTree tree = c.tree();
        ExportResult ex = Federation.export(tree, schema, new ExactExporter.Header(modelId, modelVersion, 0,
                System.currentTimeMillis() / 1000, new byte[16]), List.of());
        byte[] signed = ex.file().clone();
        String publicKey;
        try (SigningKey key = new TrainingPipeline(log, (a, b, d) -> { }).loadOrCreateKey(keyFile)) {
            TinyModelWriter.attachSignature(signed, key.sign(signed, 0, TinyModelWriter.signedLength(signed)));
            key.writePublic(out.resolve(TrainingPipeline.PUBLIC_KEY));
            publicKey = key.publicKeyHex();
        }
        Path model = out.resolve(TrainingPipeline.MODEL);
        Files.write(model, signed);
        FeatureTable.write(schema, tree.quantizers(), out.resolve(TrainingPipeline.FEATURES));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("schema", schema.name());
        summary.put("options", options.describe());
        summary.put("rounds", c.round());
        summary.put("splits", tree.splits());
        summary.put("model_bytes", signed.length);
        summary.put("public_key", publicKey);
        List<Map<String, Object>> sites = new ArrayList<>();
        for (FederatedCoordinator.SiteReport s : c.sites()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("site", s.name());
            m.put("rows", s.rows());
            m.put("weight", s.weight());
            m.put("judged_rows", s.judged());
            m.put("contradicted_rows", s.contradicted());
            m.put("excluded", s.excluded());
            sites.add(m);
            if (s.excluded() != null) {
                log.println("site " + s.name() + " excluded: " + s.excluded());
            }
        }
        summary.put("sites", sites);
        Files.writeString(out.resolve(SUMMARY), Json.write(summary));
        log.printf("federated model: %d rounds, %d splits, %,d bytes, signed: %s%n", c.round(), tree.splits(), signed.length, model);
        return new Step(null, model, c.round());
    }
}
