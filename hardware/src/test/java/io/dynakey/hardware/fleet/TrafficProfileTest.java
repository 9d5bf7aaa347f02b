package io.dynakey.hardware.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrafficProfileTest {

    private static TrafficProfile profile() {
        // feature 18: categorical (1 or 2); feature 2: byte counts spread widely
        int n = 3000;
        long[][] cols = new long[2][n];
        int[] cls = new int[n];
        for (int r = 0; r < n; r++) {
            cls[r] = r % 3 == 0 ? 1 : 0;
            cols[0][r] = cls[r] == 1 ? 2 : 1;
            cols[1][r] = cls[r] == 1 ? 100_000 + r : r % 500;
        }
        return TrafficProfile.fromRows(new int[] {18, 2}, cols, cls, List.of("benign", "C&C, odd name"), 0, "test rows");
    }

    @Test
    void a_profile_survives_writing_and_reading() throws Exception {
        TrafficProfile p = profile();
        TrafficProfile back = TrafficProfile.read(p.write(), "mem");
        assertEquals(p.write(), back.write());
        assertEquals(List.of("benign", "C&C, odd name"), back.classNames());
    }

    @Test
    void samples_follow_each_class_distribution() throws Exception {
        TrafficSource s = TrafficProfile.read(profile().write(), "mem").sampler();
        SplittableRandom rng = new SplittableRandom(1);
        long[] row = new long[2];
        for (int i = 0; i < 1000; i++) {
            s.benign(rng, 0, row);
            assertEquals(1, row[0]);
            assertTrue(row[1] >= 0 && row[1] < 500);
            s.attack(rng, 0, row);
            assertEquals(2, row[0]);
            assertTrue(row[1] >= 100_000 && row[1] < 103_000);
        }
        assertEquals(List.of("C&C, odd name"), s.attackTypes());
    }

    @Test
    void a_damaged_profile_is_refused_with_the_key_named() {
        String text = profile().write().replace("format=" + TrafficProfile.FORMAT, "format=other");
        FleetException e = assertThrows(FleetException.class, () -> TrafficProfile.read(text, "p.properties"));
        assertTrue(e.getMessage().contains("p.properties"));
        String noFeature = profile().write().replaceAll("(?m)^class\\.0\\.feature\\.2=.*$", "");
        FleetException e2 = assertThrows(FleetException.class, () -> TrafficProfile.read(noFeature, "p"));
        assertTrue(e2.getMessage().contains("class.0.feature.2"), e2.getMessage());
    }
}
