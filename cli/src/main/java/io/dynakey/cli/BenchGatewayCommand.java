package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey gateway}: Gateway load: rotations/s and handshakes/s with many devices, against a bare DTLS echo baseline. */
@Command(name = "gateway", mixinStandardHelpOptions = true, description = "Gateway load: rotations/s and handshakes/s with many devices, against a bare DTLS echo baseline.")
final class BenchGatewayCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey gateway: not available yet in this build");
        return 2;
    }
}
