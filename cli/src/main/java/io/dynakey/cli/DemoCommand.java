package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey demo}: Run the whole system on a simulated fleet and compare rotation policies. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the whole system on a simulated fleet and compare rotation policies.")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey demo: not available yet in this build");
        return 2;
    }
}
