package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey train}: Train, export and sign a tiny model from labelled CSV telemetry. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train, export and sign a tiny model from labelled CSV telemetry.")
final class TrainCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey train: not available yet in this build");
        return 2;
    }
}
