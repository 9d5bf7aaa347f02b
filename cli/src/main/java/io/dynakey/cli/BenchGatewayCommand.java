package io.dynakey.cli;

import io.dynakey.bench.gateway.GatewayBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey bench gateway}: gateway load against a bare DTLS echo baseline and the crypto-only limit. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Gateway load: rotations/s and handshakes/s with many devices, against a bare DTLS echo baseline.")
final class BenchGatewayCommand implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "2000", description = "Simulated devices (default 2000).")
    int devices;

    @Option(names = "--drivers", defaultValue = "64", description = "Threads driving them (default 64).")
    int drivers;

    @Option(names = "--posts", defaultValue = "5", description = "Telemetry posts per device (default 5).")
    int posts;

    @Option(names = "--crypto-time", paramLabel = "DURATION", defaultValue = "5s",
            description = "Duration of the crypto-only measurement, e.g. 5s, 1min (default ${DEFAULT-VALUE}).")
    Duration cryptoTime;

    @Override
    public Integer call() throws Exception {
        // thousands of client endpoints each log their start at INFO; keep the output readable
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path work = Files.createTempDirectory("dynakey-bench-gateway");
        GatewayBenchmark.Figures f = GatewayBenchmark.run(
                new GatewayBenchmark.Options(devices, drivers, posts, cryptoTime.toMillis(), work), System.out);
        System.out.println();
        GatewayBenchmark.printTable(f, System.out);
        return 0;
    }
}
