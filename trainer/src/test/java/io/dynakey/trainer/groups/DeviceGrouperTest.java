package io.dynakey.trainer.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.governor.GroupPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertEquals("high", r.groups().get(2).suggestion().tier());
        assertEquals("low", r.groups().get(0).suggestion().tier());
    }

    @Test
    void a_riskier_group_gets_shorter_keys_and_lower_thresholds_but_never_a_looser_rate_limit() {
        GroupPolicy previous = null;
        for (double risk = 0; risk <= 1.0; risk += 0.05) {
            GroupPolicy p = PolicySuggestion.forRisk(risk).policy();
            if (previous != null) {
                assertTrue(p.maxKeyAgeSeconds() <= previous.maxKeyAgeSeconds(), "key age at " + risk);
                assertTrue(p.maxMessagesPerKey() <= previous.maxMessagesPerKey(), "messages at " + risk);
                assertTrue(p.nowPermille() <= previous.nowPermille(), "threshold at " + risk);
            }
            assertTrue(p.burst() <= 4 && p.refillMillis() >= 900_000, "rate limit at " + risk);
            previous = p;
        }
        assertEquals("low", PolicySuggestion.forRisk(0.05).tier());
        assertEquals("medium", PolicySuggestion.forRisk(0.2).tier());
        assertEquals("high", PolicySuggestion.forRisk(0.5).tier());
    }

    @Test
    void the_groups_file_writes_each_group_policy_as_the_governor_holds_it(@TempDir Path dir) throws Exception {
        List<WindowAggregates.Observation> obs = blobs();
        DeviceGrouper.Result r = new DeviceGrouper().cluster(obs, 4, 42);
        Path file = dir.resolve("groups.properties");

        GroupsPipeline.write(r, obs, 40, 42, file);

        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        DeviceGrouper.Group high = r.groups().get(r.groups().size() - 1);
        String k = "group." + high.id() + ".";
        assertEquals("high", p.getProperty(k + "tier"));
        assertEquals("300,600,900", p.getProperty(k + "thresholds"));
        assertEquals("80", p.getProperty(k + "hysteresis"));
        assertEquals("4,900", p.getProperty(k + "rate_limit"));
        assertEquals("120", p.getProperty(k + "min_interval_seconds"));
        assertEquals("21600", p.getProperty(k + "max_key_age_seconds"));
        assertEquals("65536", p.getProperty(k + "max_messages_per_key"));
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
