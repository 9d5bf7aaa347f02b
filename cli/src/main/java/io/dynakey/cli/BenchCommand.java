package io.dynakey.cli;

import picocli.CommandLine.Command;

/** {@code dynakey bench}: benchmarks and long soaks, each printing its figures as a table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks and long soaks (not part of the default test run).",
        subcommands = {
                BenchDeviceCommand.class,
                BenchFuzzCommand.class,
                BenchTrainerCommand.class,
                BenchFederatedCommand.class,
                BenchGatewayCommand.class,
                BenchConsoleCommand.class,
                BenchLedgerCommand.class,
                BenchPolicyCommand.class,
                BenchDeliveryCommand.class,
                BenchStoreCommand.class
        })
final class BenchCommand {
}
