package io.dynakey.cli;

import io.dynakey.bench.store.StoreBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey bench store}: key-store rotations/s, SQLite against PostgreSQL (one node and several), same run. */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Key store throughput: rotations/s (read, store pending, handshake lookup, commit with its outbox event)"
                + " on SQLite and on a throwaway PostgreSQL, one node and several nodes on one database.")
final class BenchStoreCommand implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "2000", description = "Devices registered first (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rotations", defaultValue = "20000", description = "Rotations per measurement (default ${DEFAULT-VALUE}).")
    int rotations;

    @Option(names = "--nodes", defaultValue = "3", description = "Stores on one PostgreSQL database at once (default ${DEFAULT-VALUE}).")
    int nodes;

    @Override
    public Integer call() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path work = Files.createTempDirectory("dynakey-bench-store");
        List<StoreBenchmark.Figure> f = StoreBenchmark.run(new StoreBenchmark.Options(devices, rotations, nodes, work), System.out);
        System.out.println();
        StoreBenchmark.printTable(f, System.out);
        Files.deleteIfExists(work);
        return 0;
    }
}
