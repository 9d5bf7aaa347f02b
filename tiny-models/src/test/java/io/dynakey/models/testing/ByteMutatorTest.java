package io.dynakey.models.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteMutatorTest {

    private static final byte[] SEED = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};

    @Test
    void the_same_seed_gives_the_same_mutations_and_the_input_is_left_unchanged() {
        ByteMutator a = new ByteMutator(42);
        ByteMutator b = new ByteMutator(42);
        byte[] copy = SEED.clone();
        boolean changed = false;
        for (int i = 0; i < 500; i++) {
            byte[] m = a.mutate(SEED, 3);
            assertArrayEquals(m, b.mutate(SEED, 3), "case " + i);
            changed |= !Arrays.equals(m, SEED);
        }
        assertArrayEquals(copy, SEED);
        assertTrue(changed);
    }

    @Test
    void mutations_shrink_grow_and_rewrite_an_input() {
        ByteMutator m = new ByteMutator(7);
        boolean shorter = false;
        boolean longer = false;
        boolean sameLengthOtherBytes = false;
        for (int i = 0; i < 2000; i++) {
            byte[] out = m.mutate(SEED, 1);
            shorter |= out.length < SEED.length;
            longer |= out.length > SEED.length;
            sameLengthOtherBytes |= out.length == SEED.length && !Arrays.equals(out, SEED);
        }
        assertTrue(shorter && longer && sameLengthOtherBytes);
        assertTrue(m.mutate(new byte[0], 1).length > 0, "an empty input grows");
    }

    @Test
    void donors_are_spliced_in_and_length_fields_are_overwritten() {
        byte[] donor = {(byte) 0xEE, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE};
        ByteMutator splicer = new ByteMutator(1).withDonors(List.of(donor));
        boolean spliced = false;
        for (int i = 0; i < 2000 && !spliced; i++) {
            byte[] out = splicer.mutate(SEED, 1);
            spliced = out.length >= SEED.length + donor.length && indexOfRun(out, (byte) 0xEE, donor.length) >= 0;
        }
        assertTrue(spliced, "a whole donor spliced in");

        ByteMutator fields = new ByteMutator(2).withLengthFields(4);
        boolean lengthWritten = false;
        for (int i = 0; i < 2000 && !lengthWritten; i++) {
            byte[] out = fields.mutate(SEED, 1);
            lengthWritten = out.length == SEED.length && out[4] == SEED.length && out[5] == 0 && out[6] == 0 && out[7] == 0;
        }
        assertTrue(lengthWritten, "the input's length written little-endian at offset 4");
    }

    private static int indexOfRun(byte[] b, byte v, int n) {
        for (int i = 0; i + n <= b.length; i++) {
            int k = 0;
            while (k < n && b[i + k] == v) {
                k++;
            }
            if (k == n) {
                return i;
            }
        }
        return -1;
    }
}
