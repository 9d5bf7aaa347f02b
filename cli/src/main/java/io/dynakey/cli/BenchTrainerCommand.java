package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey trainer}: Trainer throughput: load, train and export rows/s, peak heap. */
@Command(name = "trainer", mixinStandardHelpOptions = true, description = "Trainer throughput: load, train and export rows/s, peak heap.")
final class BenchTrainerCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey trainer: not available yet in this build");
        return 2;
    }
}
