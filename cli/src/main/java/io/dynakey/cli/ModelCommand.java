package io.dynakey.cli;

import io.dynakey.models.TinyModel;
import io.dynakey.trainer.sign.ModelVerifier;
import io.dynakey.trainer.sign.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dynakey model}: Inspect and verify tiny-model files. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect and verify tiny-model files.",
        subcommands = {ModelCommand.Verify.class})
final class ModelCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code dynakey model verify FILE --key PUB}: checks a model as the device will. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check a model file's Ed25519 signature and structure, as the device does before swapping it in.")
    static final class Verify implements Callable<Integer> {

        @Parameters(index = "0", description = "Model file (.dktm).")
        Path file;

        @Option(names = "--key", required = true, description = "Public key file of the model publisher (64 hex digits).")
        Path key;

        @Override
        public Integer call() {
            try {
                byte[] pub = SigningKey.loadPublic(key);
                TinyModel m = ModelVerifier.verify(Files.readAllBytes(file), pub);
                System.out.println("OK " + file + ": signature valid; " + m);
                return 0;
            } catch (ModelVerifier.Refused e) {
                System.err.println("REFUSED " + file + ": " + e.getMessage());
                return 1;
            } catch (java.io.IOException e) {
                System.err.println("dynakey model verify: " + e.getMessage());
                return 2;
            }
        }
    }
}
