package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey model}: Inspect and verify tiny-model files. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect and verify tiny-model files.")
final class ModelCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey model: not available yet in this build");
        return 2;
    }
}
