package io.dynakey.cli;

import io.dynakey.bench.fuzz.ModelFuzzer;
import io.dynakey.models.ModelFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey bench fuzz}: runs the parser fuzzers for longer than the default test run does. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = "Run the parser fuzzers for longer than the default test run does.")
final class BenchFuzzCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "How long to fuzz each target, e.g. 90s, 10min (default 60s).")
    Duration duration = Duration.ofSeconds(60);

    @Option(names = "--seed", description = "Random seed; the same seed replays the same cases (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--target", description = "What to fuzz: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Target target = Target.all;

    enum Target { all, model }

    @Override
    public Integer call() throws Exception {
        int failures = 0;
        if (target == Target.all || target == Target.model) {
            failures += fuzzModelReader();
        }
        return failures == 0 ? 0 : 1;
    }

    private int fuzzModelReader() throws Exception {
        System.out.println("fuzzing the tiny-model reader and evaluator for " + DurationConverter.format(duration)
                + " (seed " + seed + ") ...");
        ModelFuzzer.Report r = ModelFuzzer.run(duration.toMillis(), seed);
        System.out.printf("cases %,d   parsed %,d   rejected %,d%n", r.cases(), r.parsed(), r.cases() - r.parsed());
        for (int reason = 1; reason < r.rejectedByReason().length; reason++) {
            if (r.rejectedByReason()[reason] > 0) {
                System.out.printf("  %-20s %,d%n", ModelFormatException.reasonName(reason), r.rejectedByReason()[reason]);
            }
        }
        if (r.clean()) {
            System.out.println("no findings");
            return 0;
        }
        Path out = Files.createTempFile("dynakey-model-finding-", ".dktm");
        Files.write(out, r.finding());
        System.out.println("FINDING: " + r.findingText() + "; input saved to " + out);
        return 1;
    }
}
