package io.dynakey.models;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the C reader ({@code c-reader/} at the project root) with its own Makefile and runs its
 * test driver, {@code dk_check}, built with AddressSanitizer and UndefinedBehaviorSanitizer, on a
 * batch of models. See {@code c-reader/test/dk_check.c} for the record format. Test helper; not
 * thread-safe.
 */
final class CReaderDriver {

    /** Signature verdict that tells the driver not to check the signature. */
    static final int SKIP_SIGNATURE = -1;

    /**
     * One model and the inputs to evaluate if it is accepted; for a model with a temporal section,
     * the windows to replay over those inputs (window w takes the next {@code windowRows[w]} inputs
     * and ends at {@code windowEnd[w]} ms).
     */
    record Batch(byte[] model, long[] values, int signatureVerdict, int[] windowRows, long[] windowEnd) {
        Batch(byte[] model, long[] values, int signatureVerdict) {
            this(model, values, signatureVerdict, new int[0], new long[0]);
        }
    }

    /** What one run of the driver printed, and whether the sanitizers stayed silent. */
    record Run(List<String> lines, String stderr, int exitCode) {
        boolean clean() {
            return exitCode == 0 && stderr.isEmpty();
        }
    }

    private final Path driver;
    private final Path work;

    private CReaderDriver(Path driver, Path work) {
        this.driver = driver;
        this.work = work;
    }

    /** The reader's sources, next to this module. */
    static Path sourceDir() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("c-reader");
    }

    /** Whether {@code tool} is an executable on the PATH. */
    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code make all sanitize freestanding} into {@code buildDir}: the library and example at
     * -O2 with every warning an error, the sanitized driver, and the proof that the reader
     * references no C library symbol.
     */
    static CReaderDriver build(Path buildDir) throws IOException, InterruptedException {
        Files.createDirectories(buildDir);
        Path log = buildDir.resolve("make.log");
        Process p = new ProcessBuilder("make", "-C", sourceDir().toString(), "BUILD=" + buildDir.toAbsolutePath(),
                "all", "sanitize", "freestanding")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("make of c-reader/ did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("make of c-reader/ failed:\n" + Files.readString(log));
        }
        return new CReaderDriver(buildDir.resolve("dk_check_asan"), buildDir);
    }

    /** Feeds the batches to the sanitized driver in one process; one output line per batch. */
    Run run(List<Batch> batches) throws IOException, InterruptedException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (Batch b : batches) {
            u32(in, b.model().length);
            in.write(b.model());
            u32(in, b.values().length);
            for (long v : b.values()) {
                u32(in, (int) v);
                u32(in, (int) (v >>> 32));
            }
            u32(in, b.signatureVerdict());
            u32(in, b.windowRows().length);
            for (int w = 0; w < b.windowRows().length; w++) {
                u32(in, b.windowRows()[w]);
                u32(in, (int) b.windowEnd()[w]);
                u32(in, (int) (b.windowEnd()[w] >>> 32));
            }
        }
        Path input = work.resolve("records.bin");
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Files.write(input, in.toByteArray());
        ProcessBuilder pb = new ProcessBuilder(driver.toString())
                .redirectInput(input.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("ASAN_OPTIONS", "halt_on_error=1:detect_leaks=1");
        pb.environment().put("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("dk_check did not finish in 60 s");
        }
        return new Run(new ArrayList<>(Files.readAllLines(out, StandardCharsets.US_ASCII)),
                Files.readString(err), p.exitValue());
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
    }
}
