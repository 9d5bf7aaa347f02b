package io.dynakey.cli;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./dynakey}: dispatches to one subcommand per component. */
@Command(name = "dynakey",
        mixinStandardHelpOptions = true,
        version = "dynakey 0.1.0",
        description = "Adaptive, model-driven key management for IoT fleets.",
        subcommands = {
                DemoCommand.class,
                GatewayCommand.class,
                TrainCommand.class,
                ModelCommand.class,
                FleetCommand.class,
                BoardsCommand.class,
                LedgerCommand.class,
                RobustnessCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with dynakey's parsing rules: enum values match case-insensitively
     * ({@code --gateway real}), durations are written with a unit ({@code --grace 30s}), a
     * mistyped command line is reported without repeating values (they may be secrets), and a
     * failing command prints one line and exits non-zero ({@link SecretSafeErrors}).
     */
    static CommandLine commandLine() {
        SecretSafeErrors errors = new SecretSafeErrors();
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Duration.class, new DurationConverter())
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }
}
