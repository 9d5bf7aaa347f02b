package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey fleet}: Run a simulated fleet of devices against a gateway. */
@Command(name = "fleet", mixinStandardHelpOptions = true, description = "Run a simulated fleet of devices against a gateway.")
final class FleetCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey fleet: not available yet in this build");
        return 2;
    }
}
