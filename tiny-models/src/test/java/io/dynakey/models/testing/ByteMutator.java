package io.dynakey.models.testing;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The seeded byte mutator of every fuzz test and of the long fuzz runs ({@code ./dynakey bench
 * fuzz}). Each call applies random operations to a copy of a valid input: bit flip, random byte,
 * edge byte (encoding boundaries, optionally followed by 0x00 or 0xFF), step by one, truncation,
 * insertion, deletion, a span copied over another place, and, when configured, splicing in a
 * piece of a donor input and overwriting a little-endian 32-bit length or count field with the
 * input's length or a random value. The same seed gives the same mutations. Not thread-safe.
 */
public final class ByteMutator {

    /** Byte values at the edges of common encodings: 0, 1, 6- and 7-bit limits, CBOR's additional-info classes, all ones. */
    public static final int[] EDGE_BYTES = {
        0x00, 0x01, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x3f, 0x40, 0x5f, 0x7f, 0x80, 0x9f, 0xbf, 0xc0, 0xf7, 0xf8, 0xff,
    };

    private static final int FLIP = 0;
    private static final int RANDOM_BYTE = 1;
    private static final int EDGE = 2;
    private static final int STEP = 3;
    private static final int TRUNCATE = 4;
    private static final int INSERT = 5;
    private static final int DELETE = 6;
    private static final int COPY_SPAN = 7;
    private static final int SPLICE = 8;
    private static final int FIELD = 9;

    private final Random random;
    private final List<byte[]> donors;
    private final int[] fieldOffsets;

    /** A mutator whose operations come from {@code new Random(seed)}. */
    public ByteMutator(long seed) {
        this(new Random(seed));
    }

    /** A mutator that draws from {@code random}, so that a test can share one seeded stream. */
    public ByteMutator(Random random) {
        this(random, Collections.emptyList(), new int[0]);
    }

    private ByteMutator(Random random, List<byte[]> donors, int[] fieldOffsets) {
        this.random = random;
        this.donors = donors;
        this.fieldOffsets = fieldOffsets;
    }

    /**
     * The same mutator (same random stream) that also splices in pieces of {@code donors}. The
     * list is read at each call, so a corpus that grows is seen; its arrays are never modified.
     */
    public ByteMutator withDonors(List<byte[]> donors) {
        return new ByteMutator(random, donors, fieldOffsets);
    }

    /**
     * The same mutator that also overwrites the little-endian 32-bit field at one of {@code offsets}
     * (a length or count in a header) with the input's length or a random value.
     */
    public ByteMutator withLengthFields(int... offsets) {
        return new ByteMutator(random, donors, offsets.clone());
    }

    /** The random stream the mutations come from. */
    public Random random() {
        return random;
    }

    /** A mutated copy of {@code input}: between 1 and {@code maxRounds} operations. The input is left unchanged. */
    public byte[] mutate(byte[] input, int maxRounds) {
        byte[] b = input.clone();
        int rounds = 1 + random.nextInt(maxRounds);
        for (int i = 0; i < rounds; i++) {
            b = apply(b);
        }
        return b;
    }

    /** {@code 0 .. maxLength} random bytes. */
    public byte[] randomBytes(int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(b);
        return b;
    }

    private byte[] apply(byte[] b) {
        int ops = fieldOffsets.length > 0 ? FIELD + 1 : SPLICE + 1;
        int op = random.nextInt(ops);
        if (op == SPLICE && donors.isEmpty()) {
            op = random.nextInt(SPLICE);
        }
        if (b.length == 0 && op != SPLICE) {
            op = INSERT;
        }
        int at = b.length == 0 ? 0 : random.nextInt(b.length);
        switch (op) {
            case FLIP:
                b[at] ^= (byte) (1 << random.nextInt(8));
                return b;
            case RANDOM_BYTE:
                b[at] = (byte) random.nextInt(256);
                return b;
            case EDGE:
                b[at] = (byte) EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
                if (at + 1 < b.length && random.nextBoolean()) {
                    b[at + 1] = (byte) (random.nextBoolean() ? 0 : 0xFF);
                }
                return b;
            case STEP:
                b[at] = (byte) (b[at] + (random.nextBoolean() ? 1 : -1));
                return b;
            case TRUNCATE:
                return Arrays.copyOf(b, at);
            case INSERT: {
                byte[] piece = new byte[1 + random.nextInt(8)];
                random.nextBytes(piece);
                return insert(b, random.nextInt(b.length + 1), piece, 0, piece.length);
            }
            case DELETE: {
                int n = 1 + random.nextInt(Math.min(4, b.length - at));
                byte[] g = new byte[b.length - n];
                System.arraycopy(b, 0, g, 0, at);
                System.arraycopy(b, at + n, g, at, b.length - at - n);
                return g;
            }
            case COPY_SPAN: {
                int from = random.nextInt(b.length);
                int len = Math.min(1 + random.nextInt(16), Math.min(b.length - from, b.length - at));
                System.arraycopy(b, from, b, at, len);
                return b;
            }
            case SPLICE: {
                // half the time the whole donor, else a span of it
                byte[] donor = donors.get(random.nextInt(donors.size()));
                int from = random.nextBoolean() ? 0 : random.nextInt(donor.length + 1);
                int len = from == 0 ? donor.length : random.nextInt(donor.length - from + 1);
                return insert(b, random.nextInt(b.length + 1), donor, from, len);
            }
            default: {
                int p = fieldOffsets[random.nextInt(fieldOffsets.length)];
                if (p + 4 <= b.length) {
                    int v = random.nextInt(3) == 0 ? b.length : random.nextInt();
                    for (int i = 0; i < 4; i++) {
                        b[p + i] = (byte) (v >>> (8 * i));
                    }
                }
                return b;
            }
        }
    }

    private static byte[] insert(byte[] b, int at, byte[] piece, int off, int len) {
        byte[] g = new byte[b.length + len];
        System.arraycopy(b, 0, g, 0, at);
        System.arraycopy(piece, off, g, at, len);
        System.arraycopy(b, at, g, at + len, b.length - at);
        return g;
    }
}
