package io.dynakey.cli;

import io.dynakey.bench.trainer.TeacherBenchmark;
import io.dynakey.bench.trainer.TrainerBenchmark;
import io.dynakey.trainer.data.DataLocation;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Schemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dynakey bench trainer}: Trainer throughput: load, train and export rows/s, peak heap; then
 * the sequence teacher: training time per epoch and prediction throughput.
 */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = "Trainer throughput: load, train and export rows/s, peak heap, whole pipeline (largest shared data set); "
                + "then the sequence teacher (GRU on DJL/PyTorch): seconds per epoch and predictions per second.")
final class BenchTrainerCommand implements Callable<Integer> {

    @Option(names = "--data", description = "CSV to measure (default: the largest shared data set, IoT-23).")
    Path data;

    @Option(names = "--schema", converter = SchemaConverter.class, description = "Its " + SchemaConverter.HELP
            + " (default: iot23).")
    Schema schema;

    @Option(names = "--repeat", defaultValue = "3", description = "Repetitions per stage, best kept (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--teacher-only", description = "Measure only the sequence teacher (needs no shared data).")
    boolean teacherOnly;

    @Option(names = "--no-teacher", description = "Skip the sequence teacher.")
    boolean noTeacher;

    @Option(names = "--teacher-sequences", description = "Teacher: training sequences (default: ${DEFAULT-VALUE}).")
    int teacherSequences = TeacherBenchmark.Settings.standard().sequences();

    @Option(names = "--teacher-steps", description = "Teacher: steps per sequence (default: ${DEFAULT-VALUE}).")
    int teacherSteps = TeacherBenchmark.Settings.standard().steps();

    @Option(names = "--teacher-epochs", description = "Teacher: epochs (default: ${DEFAULT-VALUE}).")
    int teacherEpochs = TeacherBenchmark.Settings.standard().epochs();

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        if (teacherOnly && noTeacher) {
            System.err.println("dynakey bench trainer: --teacher-only and --no-teacher exclude each other");
            return 2;
        }
        if (!teacherOnly) {
            int status = tabular();
            if (status != 0) {
                return status;
            }
        }
        if (!noTeacher) {
            TeacherBenchmark.Settings standard = TeacherBenchmark.Settings.standard();
            TeacherBenchmark.Result r = TeacherBenchmark.run(new TeacherBenchmark.Settings(teacherSequences, teacherSteps,
                    standard.inputs(), standard.hidden(), teacherEpochs, standard.seed()), System.err);
            System.out.println();
            System.out.print(TeacherBenchmark.table(r));
        }
        return 0;
    }

    private int tabular() throws Exception {
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
