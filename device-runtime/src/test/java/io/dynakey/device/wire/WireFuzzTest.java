package io.dynakey.device.wire;

import static io.dynakey.device.testing.Hex.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.models.testing.ByteMutator;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes every message decoder with mutations of valid encodings: only {@link WireException}
 * may come out, and an accepted input re-encodes to the same bytes. Bounded by
 * {@code -Ddynakey.fuzz.iterations} (default 50,000 in total).
 */
class WireFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("dynakey.fuzz.iterations", 50_000);

    @Test
    void mutated_messages_are_refused_with_wire_exceptions_or_reencode_identically() throws Exception {
        Random random = new Random(0xF00D);
        ByteMutator mutator = new ByteMutator(random);
        CborReader reader = WireMessage.newReader();
        CborWriter writer = WireMessage.newWriter();
        byte[] out = new byte[WireMessage.MAX_ENCODED_LENGTH];
        WireMessage[] samples = Messages.all();
        byte[][] seeds = new byte[samples.length][];
        WireMessage[] targets = new WireMessage[samples.length];
        for (int i = 0; i < samples.length; i++) {
            seeds[i] = Arrays.copyOf(out, samples[i].encode(writer, out, 0, out.length));
            targets[i] = Messages.emptyOfType(samples[i].type());
        }
        int accepted = 0;
        long t0 = System.currentTimeMillis();
        for (int i = 0; i < ITERATIONS; i++) {
            int s = random.nextInt(seeds.length);
            byte[] input = mutator.mutate(seeds[s], 3);
            WireMessage target = targets[random.nextInt(4) == 0 ? random.nextInt(targets.length) : s];
            try {
                target.decode(reader, input, 0, input.length);
            } catch (WireException refused) {
                assertTrue(refused.reason() >= 1 && refused.reason() <= 8);
                continue;
            } catch (Throwable t) {
                throw new AssertionError(target.getClass().getSimpleName() + " leaked " + t + " for " + encode(input), t);
            }
            accepted++;
            int len;
            try {
                len = target.encode(writer, out, 0, out.length);
            } catch (WireException e) {
                throw new AssertionError("accepted but cannot re-encode: " + encode(input), e);
            }
            assertArrayEquals(input, Arrays.copyOf(out, len), encode(input));
        }
        System.out.println("wire fuzz: " + ITERATIONS + " inputs in " + (System.currentTimeMillis() - t0)
                + " ms, accepted " + accepted);
    }
}
