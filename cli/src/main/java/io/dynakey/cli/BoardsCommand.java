package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey boards}: Check the device image and model against each board's budget. */
@Command(name = "boards", mixinStandardHelpOptions = true, description = "Check the device image and model against each board's budget.")
final class BoardsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey boards: not available yet in this build");
        return 2;
    }
}
