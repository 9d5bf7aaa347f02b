package io.dynakey.cli;

import io.dynakey.bench.trainer.TrainerBenchmark;
import io.dynakey.trainer.data.DataLocation;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Schemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey bench trainer}: Trainer throughput: load, train and export rows/s, peak heap. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = "Trainer throughput: load, train and export rows/s, peak heap, whole pipeline (largest shared data set).")
final class BenchTrainerCommand implements Callable<Integer> {

    @Option(names = "--data", description = "CSV to measure (default: the largest shared data set, IoT-23).")
    Path data;

    @Option(names = "--schema", converter = SchemaConverter.class, description = "Its " + SchemaConverter.HELP
            + " (default: iot23).")
    Schema schema;

    @Option(names = "--repeat", defaultValue = "3", description = "Repetitions per stage, best kept (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() throws Exception {
        Path csv = data;
        Schema sch = schema != null ? schema : Schemas.named(Schemas.IOT23);
        if (csv == null) {
            var found = DataLocation.train("iot23/iot23_zeek_conn_sample.csv");
            if (found.isEmpty()) {
                System.err.println("dynakey bench trainer: shared data not found. " + DataLocation.PUBLISHED);
                return 2;
            }
            csv = found.get();
        }
        Path scratch = Files.createTempDirectory("dynakey-bench-trainer");
        TrainerBenchmark.Result r = new TrainerBenchmark().run(csv, sch, scratch, repeat, System.err);
        System.out.println();
        System.out.print(TrainerBenchmark.table(r, csv.getFileName().toString()));
        return 0;
    }
}
