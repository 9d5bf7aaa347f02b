package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey fuzz}: Run the parser fuzzers for longer than the default test run does. */
@Command(name = "fuzz", mixinStandardHelpOptions = true, description = "Run the parser fuzzers for longer than the default test run does.")
final class BenchFuzzCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey fuzz: not available yet in this build");
        return 2;
    }
}
