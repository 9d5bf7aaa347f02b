package io.dynakey.ledger.event;

import io.dynakey.device.wire.RotationReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic events of every type, for tests. */
public final class SampleEvents {

    private SampleEvents() {
    }

    /** One body of each type. */
    public static List<EventBody> oneOfEach() {
        KeyCommitment c = commitment("dev-1", 3, new byte[] {1, 2, 3, 4});
        byte[] digest = new byte[32];
        digest[0] = 7;
        return List.of(
                new Enrolled("dev-1", 0, c),
                new Rotated("dev-1", 3, RotationReason.RISK, 812, 42, c),
                new GroupRekeyed("group-a", 9, RotationReason.MEMBER_LEFT, 17, c),
                new Revoked("dev-2", 5, RotationReason.COMPROMISE),
                new ModelPublished("fleet-model", 42, digest),
                new AnomalyFlagged("dev-3", AnomalyFlagged.KIND_REPLAY, 999, 42),
                new ModelRollout("group-a", ModelRollout.CANARY, 43, digest));
    }

    /** A version-2 commitment to a device key under a fixed test salt. */
    public static KeyCommitment commitment(String scope, long epoch, byte[] key) {
        return KeyCommitment.of(KeyCommitment.Kind.DEVICE_KEY, new byte[KeyCommitment.SALT_LENGTH], scope, epoch, key);
    }

    /** {@code n} events with seq 1..n, of mixed types, from {@code seed}. */
    public static List<LedgerEvent> events(int n, long seed) {
        Random r = new Random(seed);
        List<LedgerEvent> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(new LedgerEvent(i, 1_764_000_000_000L + i, body(r, i)));
        }
        return out;
    }

    /** A pseudo-random body of any type. */
    public static EventBody body(Random r, long i) {
        String dev = "dev-" + r.nextInt(1000);
        byte[] key = new byte[16];
        r.nextBytes(key);
        KeyCommitment c = commitment(dev, i, key);
        switch (r.nextInt(6)) {
            case 0:
                return new Enrolled(dev, 0, c);
            case 1:
                return new Rotated(dev, i, r.nextInt(10), r.nextInt(1001), r.nextInt(100), c);
            case 2:
                return new GroupRekeyed("group-" + r.nextInt(5), i, r.nextInt(10), r.nextInt(100), c);
            case 3:
                return new Revoked(dev, i, r.nextInt(10));
            case 4:
                byte[] d = new byte[32];
                r.nextBytes(d);
                return new ModelPublished("model", i % 1000, d);
            default:
                return new AnomalyFlagged(dev, r.nextInt(6), r.nextInt(1001), r.nextInt(100));
        }
    }
}
