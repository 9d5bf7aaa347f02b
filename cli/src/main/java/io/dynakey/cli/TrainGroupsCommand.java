package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey train groups}: cluster devices into security groups. */
@Command(name = "groups", mixinStandardHelpOptions = true, description = "Cluster devices into security groups (k-means).")
final class TrainGroupsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey train groups: not available yet in this build");
        return 2;
    }
}
