package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey gateway}: Start the CoAP/DTLS key gateway. */
@Command(name = "gateway", mixinStandardHelpOptions = true, description = "Start the CoAP/DTLS key gateway.")
final class GatewayCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey gateway: not available yet in this build");
        return 2;
    }
}
