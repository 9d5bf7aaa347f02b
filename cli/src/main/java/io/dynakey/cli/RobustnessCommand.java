package io.dynakey.cli;

import io.dynakey.models.TinyModel;
import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.report.Json;
import io.dynakey.trainer.robust.HeldOut;
import io.dynakey.trainer.robust.RobustnessEvaluation;
import io.dynakey.trainer.robust.ThreatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dynakey robustness}: evasion rate, forced alarms and certified accuracy of a model at
 * attacker budgets, on the held-out part of its data (docs/threat-model.md).
 */
@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = "Evasion rate and certified accuracy of a model against the schema's attacker, on held-out rows.")
final class RobustnessCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model file (.dktm).")
    Path model;

    @Option(names = "--data", required = true, description = "Labelled CSV the model was trained from (split as dynakey train splits it).")
    Path data;

    @Option(names = "--schema", required = true, converter = SchemaConverter.class, description = "The "
            + SchemaConverter.HELP + "; its feature.COL.attacker keys are the threat model.")
    Schema schema;

    @Option(names = "--epsilon", split = ",", defaultValue = "0,1,2,4,8,16,32,64,128",
            description = "Attacker budgets, L-infinity in quantized steps (default: ${DEFAULT-VALUE}).")
    List<Integer> epsilons;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the training split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--group-split", description = "The model was trained with --group-split.")
    boolean groupSplit;

    @Option(names = "--test-group", split = ",", description = "The model was trained with these --test-group values.")
    List<String> testGroups;

    @Option(names = "--benign-class", description = "Class index of benign (default: the class of the lowest-risk leaves).")
    Integer benignClass;

    @Option(names = "--node-budget", defaultValue = "20000",
            description = "Boxes per search decision; beyond it the evasion is an upper bound (default: ${DEFAULT-VALUE}).")
    long nodeBudget;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(data)) {
            System.err.println("dynakey robustness: no such data file: " + data);
            System.err.println("The shared data sets are published here: " + io.dynakey.trainer.data.DataLocation.PUBLISHED);
            return 2;
        }
        int[] eps = epsilons.stream().mapToInt(Integer::intValue).sorted().toArray();
        if (eps.length == 0 || eps[0] < 0 || nodeBudget < 1) {
            System.err.println("dynakey robustness: --epsilon needs budgets >= 0 and --node-budget at least 1");
            return 2;
        }
        TinyModel m = ModelCommand.parse(model);
        if (m == null) {
            return 1;
        }
        ThreatModel threat;
        HeldOut rows;
        try {
            threat = ThreatModel.of(schema, m);
            boolean grouped = groupSplit || (testGroups != null && !testGroups.isEmpty());
            rows = HeldOut.load(data, schema, seed, grouped, testGroups == null ? Set.of() : Set.copyOf(testGroups));
        } catch (IllegalArgumentException | DataException e) {
            System.err.println("dynakey robustness: " + e.getMessage());
            return 1;
        }
        int benign = benignClass != null ? benignClass : RobustnessEvaluation.inferBenignClass(m);
        if (benign < 0 || benign >= m.classCount()) {
            System.err.println("dynakey robustness: --benign-class must be 0.." + (m.classCount() - 1));
            return 2;
        }
        RobustnessEvaluation r = RobustnessEvaluation.of(m, threat, rows.x(), rows.attack(), benign, eps, nodeBudget);
        System.out.println("model " + model + " (" + m.treeCount() + " trees, " + m.nodeCount() + " nodes), schema "
                + schema.name() + ", benign class " + benign);
        System.out.println("data " + data + ": " + rows.description());
        System.out.print(r.toText());
        if (json != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", model.toString());
            out.put("schema", schema.name());
            out.put("data", data.toString());
            out.put("split", rows.description());
            out.put("seed", seed);
            out.put("benign_class", benign);
            out.put("node_budget", nodeBudget);
            out.put("robustness", r.toJson());
            Files.writeString(json, Json.write(out));
            System.out.println("wrote " + json);
        }
        return 0;
    }
}
