package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.bench.device.BenchModels;
import io.dynakey.fleet.Scenario;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Enum, duration and secret options of the commands: parsed, listed in --help, refused where they took a secret. */
class OptionsTest {

    @Test
    void fleet_durations_take_a_unit_and_build_the_scenario() {
        CommandLine cl = Main.commandLine();
        cl.parseArgs("fleet", "--window", "10min", "--fixed-interval", "12h", "--telemetry-interval", "0h", "--devices", "50");
        FleetCommand fleet = cl.getSubcommands().get("fleet").getCommand();
        Scenario s = fleet.options.scenario();
        assertEquals(Duration.ofMinutes(10), s.window());
        assertEquals(12, s.fixedIntervalHours());
        assertEquals(0, s.telemetryBatchHours());
        assertEquals(50, s.devices());
        assertEquals(Scenario.defaults().days(), s.days());
    }

    @Test
    void the_fleet_defaults_are_the_scenario_defaults() {
        CommandLine cl = Main.commandLine();
        cl.parseArgs("fleet");
        FleetCommand fleet = cl.getSubcommands().get("fleet").getCommand();
        assertEquals(Scenario.defaults(), fleet.options.scenario());
    }

    @Test
    void a_fleet_duration_without_a_unit_is_refused() {
        CliRun r = CliRun.of("fleet", "--window", "300");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("'300' has no unit"), r.err());
        CliRun seconds = CliRun.of("fleet", "--fixed-interval", "90min", "--gateway", "simulated", "--devices", "1");
        assertEquals(2, seconds.code(), seconds.all());
        assertTrue(seconds.err().contains("fixed interval must be whole hours"), seconds.err());
    }

    @Test
    void bench_models_are_the_benchmarks_models_and_help_lists_them() {
        assertEquals(Arrays.asList(BenchModels.NAMES),
                Arrays.stream(BenchDeviceCommand.BenchModel.values()).map(Object::toString).toList());
        CommandLine cl = Main.commandLine();
        cl.parseArgs("bench", "device", "--model", "Tree-D8,forest-10");
        BenchDeviceCommand c = cl.getSubcommands().get("bench").getSubcommands().get("device").getCommand();
        assertEquals(List.of(BenchDeviceCommand.BenchModel.TREE_D8, BenchDeviceCommand.BenchModel.FOREST_10), c.models);
        CliRun help = CliRun.of("bench", "device", "--help");
        assertTrue(help.out().contains("tree-d6, tree-d8, forest-10"), help.out());
        CliRun bad = CliRun.of("bench", "device", "--model", "tree-d7");
        assertEquals(2, bad.code(), bad.all());
    }

    @Test
    void enum_options_list_their_candidates_in_help() {
        String fleet = CliRun.of("fleet", "--help").out();
        assertTrue(fleet.contains("REAL, SIMULATED:"), fleet);
        assertTrue(fleet.contains("MEAN"), fleet);
        assertTrue(CliRun.of("bench", "fuzz", "--help").out().contains("all, model"));
    }

    @Test
    void bench_durations_take_a_unit() {
        CommandLine cl = Main.commandLine();
        cl.parseArgs("bench", "fuzz", "--duration", "90s");
        BenchFuzzCommand f = cl.getSubcommands().get("bench").getSubcommands().get("fuzz").getCommand();
        assertEquals(Duration.ofSeconds(90), f.duration);
        cl.parseArgs("bench", "gateway", "--crypto-time", "2s");
        BenchGatewayCommand g = cl.getSubcommands().get("bench").getSubcommands().get("gateway").getCommand();
        assertEquals(Duration.ofSeconds(2), g.cryptoTime);
    }

    @Test
    void a_signing_key_on_the_command_line_is_refused() {
        String hex = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
        CliRun r = CliRun.of("train", "--key", hex);
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("--key is refused"), r.err());
        assertTrue(r.err().contains("--key-file"), r.err());
        assertFalse(r.all().contains(hex), r.all());
    }

    @Test
    void an_rpc_url_from_the_environment_must_be_set_and_is_not_shown() {
        CliRun r = CliRun.of("ledger", "verify", "--rpc-env", "DYNAKEY_TEST_SURELY_UNSET_RPC", "--contract", "0x00");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("DYNAKEY_TEST_SURELY_UNSET_RPC (--rpc-env) is not set"), r.err());
    }

    @Test
    void secrets_are_read_from_a_named_environment_variable_and_checked_without_being_shown() {
        Map<String, String> env = Map.of("PSK", " 00112233445566778899aabbccddeeff\n", "SHORT", "0011", "ODD", "abc");
        assertEquals(16, SecretInput.hex("PSK", null, "PSK", null, env, 16, 32).length);
        String shortMessage = message(() -> SecretInput.hex("PSK", null, "SHORT", null, env, 16, 32));
        assertEquals("the PSK from environment variable SHORT must be 32..64 hex characters (an even number), not 4",
                shortMessage);
        assertFalse(message(() -> SecretInput.hex("PSK", null, "ODD", null, env, 1, 32)).contains("abc"));
        assertEquals("the PSK is not set: no environment variable NONE",
                message(() -> SecretInput.hex("PSK", null, "NONE", null, env, 16, 32)));
        char[] prompted = "00112233445566778899aabbccddeeff".toCharArray();
        assertEquals(0x11, SecretInput.hex("PSK", null, null, prompted, env, 16, 32)[1]);
        assertEquals('\0', prompted[0], "the prompted characters are wiped");
    }

    private static String message(org.junit.jupiter.api.function.Executable e) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e).getMessage();
    }
}
