package io.dynakey.cli;

import io.dynakey.bench.device.DeviceBench;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey bench device}: ns and bytes per prediction against Tribuo and a double[] walk, bytes per node, image size. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Device benchmarks: ns and bytes per prediction against Tribuo and a double[] walk, bytes per node, image size.")
final class BenchDeviceCommand implements Callable<Integer> {

    @Option(names = "--iterations", description = "JMH measurement iterations per benchmark (default ${DEFAULT-VALUE}).")
    int iterations = DeviceBench.Settings.quick().measurementIterations();

    @Option(names = "--warmup", description = "JMH warm-up iterations per benchmark (default ${DEFAULT-VALUE}).")
    int warmup = DeviceBench.Settings.quick().warmupIterations();

    @Option(names = "--forks", description = "JMH forks per benchmark (default ${DEFAULT-VALUE}).")
    int forks = DeviceBench.Settings.quick().forks();

    @Option(names = "--verbose", description = "Show JMH's own progress output.")
    boolean verbose;

    @Option(names = "--model", split = ",", paramLabel = "MODEL",
            description = "Models to measure: ${COMPLETION-CANDIDATES} (default: all).")
    List<BenchModel> models = List.of(BenchModel.values());

    /** The benchmark models, named as {@link io.dynakey.bench.device.BenchModels#NAMES} names them. */
    enum BenchModel {
        TREE_D6, TREE_D8, FOREST_10, FOREST_32K;

        /** The name of the benchmark model, e.g. {@code tree-d6}. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    @Override
    public Integer call() throws Exception {
        predictionSection();
        temporalSection();
        imageSection();
        return 0;
    }

    /** Section 1: evaluator speed and allocation against Tribuo and a double[] walk. */
    private void predictionSection() throws Exception {
        System.out.println("== Prediction (JMH, GC profiler; ratios measured in this run) ==");
        String[] names = models.stream().map(BenchModel::toString).distinct().toArray(String[]::new);
        System.out.println("running " + 4 * names.length + " benchmarks (" + names.length
                + " models x 4 implementations, then the C reader), about " + (4 * names.length * forks * (warmup + iterations + 6) + 59) / 60
                + " minutes ...");
        DeviceBench.Settings s = new DeviceBench.Settings(warmup, iterations, 1, forks);
        List<DeviceBench.Row> rows = DeviceBench.run(s, verbose, names);
        DeviceBench.print(rows, System.out);
        System.out.println("node bytes/node: node tables of the file per internal node (target <= 6); "
                + "node+leaf adds the 2-byte leaves; heap beyond the file: what the parsed model and the evaluator retain "
                + "besides the file's bytes (32-bit layout), per internal node (target <= 8); B/pred from JMH "
                + "gc.alloc.rate.norm; C reader: c-reader/ built -O2, median of " + 5 + " runs on the same file and inputs.");
    }

    /** Section 2: the temporal decision per window against the first stage alone. */
    private void temporalSection() throws Exception {
        System.out.println();
        System.out.println("== Temporal decision (JMH, GC profiler; first stage alone as the baseline, same run) ==");
        DeviceBench.temporal(new DeviceBench.Settings(warmup, iterations, 1, forks), verbose, System.out);
    }

    // ---- device image section (owned by the engine engineer: device-tools image/portability)

    /** Section 2: the ProGuard-shrunk device image and its portability check. */
    private void imageSection() throws Exception {
        System.out.println();
        System.out.println("== Device image (device-runtime + tiny-models + Bouncy Castle reached, ProGuard shrink) ==");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("dynakey-image");
        try {
            io.dynakey.devicetools.image.DeviceClasspath cp = io.dynakey.devicetools.image.DeviceClasspath.current();
            io.dynakey.devicetools.image.DeviceImageReport image =
                    io.dynakey.devicetools.image.DeviceImage.build(cp, dir.resolve("device-image.jar"));
            System.out.print(image.summary());
            io.dynakey.devicetools.portability.PortabilityReport check =
                    io.dynakey.devicetools.portability.DevicePortability.check(
                            cp, image, io.dynakey.devicetools.portability.AllowList.bundled());
            System.out.println("portability (MicroEJ EDC allow-list): " + check.classesChecked() + " classes, "
                    + check.violations().size() + " violations, " + check.excused().size()
                    + " justified Bouncy Castle exemptions (device-tools/src/main/resources/microej-edc-allowlist.txt)");
            System.out.println(io.dynakey.devicetools.engine.EngineAllocation.measure(1_000_000).summary());
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
