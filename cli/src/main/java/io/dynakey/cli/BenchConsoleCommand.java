package io.dynakey.cli;

import io.dynakey.bench.console.ConsoleBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey bench console}: console latency at fleet scale and telemetry throughput with the console on and off. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Operator console: overview page and metrics scrape at 100,000 devices; telemetry posts/s with the console on and off.")
final class BenchConsoleCommand implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "100000", description = "Enrolled devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rotated", defaultValue = "20000", description = "Of them rotated in the last 24 h (default ${DEFAULT-VALUE}).")
    int rotated;

    @Option(names = "--senders", defaultValue = "32", description = "Devices posting telemetry over DTLS (default ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds with the console off, and as many on (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--round-time", paramLabel = "DURATION", defaultValue = "8s", description = "Length of a round (default ${DEFAULT-VALUE}).")
    Duration roundTime;

    @Option(names = "--requests", defaultValue = "40", description = "Timed requests per console page (default ${DEFAULT-VALUE}).")
    int requests;

    @Override
    public Integer call() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path work = Files.createTempDirectory("dynakey-bench-console");
        try {
            ConsoleBench.Figures f = ConsoleBench.run(new ConsoleBench.Options(devices, rotated, senders, rounds, roundTime.toMillis(),
                    requests, work), System.out);
            System.out.println();
            ConsoleBench.printTable(f, System.out);
            return 0;
        } finally {
            DemoCommand.deleteTree(work);
        }
    }
}
