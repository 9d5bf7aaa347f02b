package io.dynakey.device.cbor;

import static io.dynakey.device.testing.Hex.decode;
import static io.dynakey.device.testing.Hex.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.dynakey.models.testing.ByteMutator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the decoder. Every input must either be refused with a {@link CborException} whose
 * offset lies inside the input, or be accepted and then re-encode to exactly the same bytes
 * (deterministic encoding is a bijection). Nothing else may escape. The default run is bounded
 * (a few seconds); {@code -Ddynakey.fuzz.iterations=N} runs longer.
 */
class CborFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("dynakey.fuzz.iterations", 100_000);
    private static final String[] SEEDS = {
        "00", "1b000000e8d4a51000", "3bffffffffffffffff", "4401020304", "64f0908591", "8301820203820405",
        "98190102030405060708090a0b0c0d0e0f101112131415161718181819", "a26161016162820203",
        "a56161614161626142616361436164614461656145", "826161a161626163", "f4", "f5", "f6", "a0", "80",
        "9f018202039f0405ffff", "fb7e37e43c8800759c", "c249010000000000000000",
    };

    private final CborReader reader = new CborReader(8, 256, 32);

    /** Asserts the decoder contract for one input; returns the reason code, 0 when accepted. */
    private int check(byte[] input) {
        String[] result;
        try {
            result = CborWalk.roundTrip(reader, input);
        } catch (CborException e) {
            if (e.offset() < 0 || e.offset() > input.length || e.reason() < 1 || e.reason() > 18) {
                fail("bad exception " + e.getMessage() + " for " + encode(input));
            }
            return e.reason();
        } catch (Throwable t) {
            throw new AssertionError("decoder leaked " + t + " for input " + encode(input), t);
        }
        assertEquals(encode(input), result[1], "accepted input did not re-encode identically");
        return 0;
    }

    @Test
    void mutated_and_generated_inputs_are_refused_precisely_or_reencode_identically() throws Exception {
        Random random = new Random(0x5EED);
        List<byte[]> corpus = new ArrayList<>();
        for (String s : SEEDS) {
            corpus.add(decode(s));
        }
        for (int i = 0; i < 200; i++) {
            byte[] valid = generate(random, 0);
            assertEquals(0, check(valid), "a generated canonical item was refused: " + encode(valid));
            corpus.add(valid);
        }
        ByteMutator mutator = new ByteMutator(random).withDonors(corpus);
        int[] reasons = new int[19];
        long t0 = System.currentTimeMillis();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutator.mutate(corpus.get(random.nextInt(corpus.size())), 3);
            int reason = check(input);
            reasons[reason]++;
            if (reason == 0 && corpus.size() < 5000 && random.nextInt(8) == 0) {
                corpus.add(input);
            }
        }
        long ms = System.currentTimeMillis() - t0;
        StringBuilder sb = new StringBuilder("cbor fuzz: " + ITERATIONS + " inputs in " + ms + " ms, accepted "
                + reasons[0] + ", refused by reason:");
        for (int r = 1; r < reasons.length; r++) {
            if (reasons[r] > 0) {
                sb.append(' ').append(CborException.reasonName(r)).append('=').append(reasons[r]);
            }
        }
        System.out.println(sb);
    }

    @Test
    void arbitrary_bytes_never_escape_the_typed_error() {
        Random random = new Random(0xB17E5);
        for (int i = 0; i < ITERATIONS / 10; i++) {
            byte[] input = new byte[random.nextInt(49)];
            random.nextBytes(input);
            check(input);
        }
    }

    @Test
    void every_generated_canonical_item_is_accepted_reencodes_identically_and_is_left_unchanged() {
        Random random = new Random(0xCA11);
        for (int i = 0; i < 2000; i++) {
            byte[] valid = generate(random, 0);
            byte[] copy = valid.clone();
            assertEquals(0, check(valid), encode(valid));
            assertArrayEquals(copy, valid);
        }
    }

    /** A random canonical item: nested at most 4 deep, keys sorted bytewise. */
    static byte[] generate(Random random, int depth) {
        byte[] buf = new byte[4096];
        CborWriter w = new CborWriter(2);
        int kind = random.nextInt(depth >= 4 ? 6 : 8);
        try {
            w.reset(buf, 0, buf.length);
            switch (kind) {
                case 0:
                    w.writeInt(randomLong(random));
                    break;
                case 1: {
                    byte[] b = new byte[random.nextInt(40)];
                    random.nextBytes(b);
                    w.writeBytes(b, 0, b.length);
                    break;
                }
                case 2: {
                    byte[] t = randomText(random);
                    w.writeText(t, 0, t.length);
                    break;
                }
                case 3:
                    w.writeBoolean(random.nextBoolean());
                    break;
                case 4:
                    w.writeNull();
                    break;
                case 5:
                    w.writeUint64Bits(random.nextLong());
                    break;
                case 6: {
                    int n = random.nextInt(6);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    w.writeArrayHeader(n);
                    out.write(buf, 0, w.length());
                    for (int i = 0; i < n; i++) {
                        out.write(generate(random, depth + 1));
                    }
                    return out.toByteArray();
                }
                default: {
                    TreeMap<String, byte[][]> entries = new TreeMap<>();
                    int n = random.nextInt(6);
                    for (int i = 0; i < n; i++) {
                        byte[] key = generate(random, 4);
                        entries.put(encode(key), new byte[][] {key, generate(random, depth + 1)});
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    w.writeMapHeader(entries.size());
                    out.write(buf, 0, w.length());
                    for (byte[][] kv : entries.values()) {
                        out.write(kv[0]);
                        out.write(kv[1]);
                    }
                    return out.toByteArray();
                }
            }
            return Arrays.copyOf(buf, w.finish());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long randomLong(Random random) {
        int bits = random.nextInt(64);
        long v = random.nextLong() >>> (63 - bits);
        return random.nextBoolean() ? v : -1 - v;
    }

    private static byte[] randomText(Random random) {
        int[] cps = {'a', 'Z', '0', 0xe9, 0x6c34, 0x1f600, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0x10000, 0x10ffff};
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
