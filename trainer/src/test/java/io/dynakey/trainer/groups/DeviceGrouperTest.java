package io.dynakey.trainer.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceGrouperTest {

    /** Three well separated blobs of device windows: quiet, noisy, attacked. */
    private static List<WindowAggregates.Observation> blobs() {
        double[][] centres = {{0.0, 0, 0.1, 0.05}, {0.3, 2, 0.4, 0.3}, {0.95, 5, 0.2, 0.6}};
        String[] devices = {"quiet", "noisy", "attacked"};
        Random rng = new Random(9);
        List<WindowAggregates.Observation> obs = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 40; i++) {
                double[] v = new double[4];
                for (int j = 0; j < 4; j++) {
                    v[j] = centres[c][j] + rng.nextGaussian() * (j == 1 ? 0.2 : 0.02);
                }
                obs.add(new WindowAggregates.Observation(devices[c], i, v));
            }
        }
        return obs;
    }

    @Test
    void silhouette_finds_the_three_known_clusters_and_keeps_each_pure() {
        List<WindowAggregates.Observation> obs = blobs();
        DeviceGrouper.Result r = new DeviceGrouper().cluster(obs, 6, 42);
        assertEquals(3, r.k());
        Map<String, Integer> groupOf = new HashMap<>();
        for (int i = 0; i < obs.size(); i++) {
            Integer before = groupOf.putIfAbsent(obs.get(i).device(), r.assignment()[i]);
            assertTrue(before == null || before == r.assignment()[i], "cluster mixes device windows at " + i);
        }
        // groups are ordered by risk: the attacked device gets the highest group and the strictest policy
        assertEquals(0, r.deviceGroup().get("quiet"));
        assertEquals(2, r.deviceGroup().get("attacked"));
        assertEquals("high", r.groups().get(2).policy().tier());
        assertEquals("low", r.groups().get(0).policy().tier());
    }

    @Test
    void every_suggested_policy_is_one_the_device_accepts() {
        for (double risk = 0; risk <= 1.0; risk += 0.05) {
            DeviceGrouper.toDevicePolicy(PolicySuggestion.forRisk(risk));
        }
    }

    @Test
    void silhouette_of_a_perfect_split_is_near_one_and_of_a_random_split_near_zero() {
        double[][] z = new double[40][2];
        int[] a = new int[40];
        int[] random = new int[40];
        Random rng = new Random(1);
        for (int i = 0; i < 40; i++) {
            z[i][0] = i < 20 ? rng.nextDouble() * 0.01 : 10 + rng.nextDouble() * 0.01;
            a[i] = i < 20 ? 0 : 1;
            random[i] = rng.nextInt(2);
        }
        assertTrue(DeviceGrouper.silhouette(z, a, 2) > 0.99);
        assertTrue(Math.abs(DeviceGrouper.silhouette(z, random, 2)) < 0.3);
    }
}
