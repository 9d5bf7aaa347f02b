package io.dynakey.bench.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The C reader ({@code c-reader/}, built with {@code make bench}, -O2) timed on the same model
 * file and the same raw inputs as the Java evaluator, with each input's result returned so that
 * agreement is checked on every input.
 */
final class CReaderBench {

    /** Median of this many timed runs. */
    static final int RUNS = 5;
    /** Timed rounds over the inputs per run. */
    static final int ROUNDS = 2000;

    /**
     * @param nsPerPrediction median over the runs
     * @param results one {@code class << 16 | risk} per input
     */
    record Result(double nsPerPrediction, int[] results) {
    }

    private final Path binary;

    private CReaderBench(Path binary) {
        this.binary = binary;
    }

    /** Builds the driver; empty when there is no c-reader folder, gcc or make (the table then says so). */
    static java.util.Optional<CReaderBench> build() {
        Path dir = locate();
        if (dir == null) {
            return java.util.Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("make", "-s", "-C", dir.toString(), "bench").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                System.err.println("bench device: building the C reader failed: " + out.strip());
                return java.util.Optional.empty();
            }
        } catch (IOException e) {
            System.err.println("bench device: no make or gcc (" + e.getMessage() + "): the C column is left out");
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new CReaderBench(dir.resolve("build").resolve("dk_bench")));
    }

    private static Path locate() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("c-reader").resolve("Makefile"))) {
                return d.resolve("c-reader");
            }
        }
        return null;
    }

    /** Times the model on the inputs (rows of raw features in the model's order). */
    Result run(byte[] model, long[][] inputs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("dynakey-c-bench");
        try {
            Path modelFile = Files.write(dir.resolve("model.dktm"), model);
            ByteBuffer rows = ByteBuffer.allocate(inputs.length * inputs[0].length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long[] row : inputs) {
                for (long v : row) {
                    rows.putLong(v);
                }
            }
            Path rowFile = Files.write(dir.resolve("rows.bin"), rows.array());
            Path out = dir.resolve("out.bin");
            double[] ns = new double[RUNS];
            for (int r = 0; r < RUNS; r++) {
                Process p = new ProcessBuilder(binary.toString(), modelFile.toString(), rowFile.toString(), out.toString(),
                        Integer.toString(ROUNDS)).redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IOException("the C reader failed: " + text.strip());
                }
                ns[r] = Double.parseDouble(text.lines().filter(l -> l.startsWith("ns_per_prediction "))
                        .findFirst().orElseThrow(() -> new IOException("no timing from the C reader: " + text))
                        .substring("ns_per_prediction ".length()).trim());
            }
            Arrays.sort(ns);
            ByteBuffer res = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            int[] results = new int[inputs.length];
            for (int i = 0; i < results.length; i++) {
                results[i] = res.getInt();
            }
            return new Result(ns[RUNS / 2], results);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
