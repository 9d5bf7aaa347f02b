package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey device}: Device benchmarks: ns and bytes per prediction against Tribuo and a double[] walk, bytes per node, image size. */
@Command(name = "device", mixinStandardHelpOptions = true, description = "Device benchmarks: ns and bytes per prediction against Tribuo and a double[] walk, bytes per node, image size.")
final class BenchDeviceCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey device: not available yet in this build");
        return 2;
    }
}
