package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.gateway.Gateway;
import io.dynakey.models.testing.ByteMutator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded fuzzing of every request decoder behind the gateway's resources: valid messages
 * mutated (bit flips, truncation, insertion, splices) plus random bytes. Each input must get a
 * reply (no exception escapes), a 4.xx unless it happens to be valid, and leave the store as it
 * was. {@code -Ddynakey.fuzz.iterations=N} runs longer.
 */
class RequestFuzzTest {

    @TempDir
    Path dir;

    @Test
    void mutated_and_random_requests_never_escape_and_never_change_state() throws Exception {
        int iterations = Integer.getInteger("dynakey.fuzz.iterations", 4_000);
        try (Gateway g = DeviceKit.gateway(dir)) {
            DeviceKit dev = new DeviceKit(g, "dev-f");
            List<byte[]> seeds = List.of(dev.rotateRequest(0, dev.identityPrivate), dev.telemetry("dev-f"),
                    new DeviceRegistration("dev-z", new byte[32], "2", new byte[16]).encode(),
                    new Revocation("dev-f", 9).encode(), new byte[] {(byte) 0xa0});
            String before = DeviceKit.snapshot(g, "dev-f", "dev-z");
            ByteMutator mutator = new ByteMutator(7);
            int accepted = 0;
            for (int i = 0; i < iterations; i++) {
                byte[] input = mutator.random().nextInt(6) == 0 ? mutator.randomBytes(600)
                        : mutator.mutate(seeds.get(mutator.random().nextInt(seeds.size())), 3);
                for (Reply r : List.of(
                        g.rotations().start(dev.caller(0), input),
                        g.rotations().confirm(dev.caller(0), input),
                        g.rotations().enrol(dev.caller(0), input),
                        g.telemetry().handle(dev.caller(0), input),
                        g.enrolment().revoke(dev.caller(0), input))) {
                    if (r.isSuccess()) {
                        accepted++;
                    } else {
                        assertTrue(r.code().value() >= 128 && r.code().value() < 160, "a 4.xx: " + r);
                    }
                }
                // the operator decoders, with the operator's rights but an input that must not register
                Reply reg = g.enrolment().register(Caller.operator(), input);
                assertTrue(reg.isSuccess() || reg.code().value() < 160, reg.toString());
                if (reg.isSuccess()) {
                    accepted++;
                    before = DeviceKit.snapshot(g, "dev-f", "dev-z");
                }
            }
            // telemetry of the valid seed may pass; rotation and confirm mutants must not change keys
            assertEquals(before.replaceAll("events \\d+", ""), DeviceKit.snapshot(g, "dev-f", "dev-z").replaceAll("events \\d+", ""));
            System.out.println("fuzz: " + iterations + " inputs x 6 decoders, " + accepted + " accepted");
        }
    }
}
