package io.dynakey.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.trainer.data.ProgressListener;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.export.DeviceCheck;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.federated.FederatedCoordinator;
import io.dynakey.trainer.federated.FederatedException;
import io.dynakey.trainer.federated.FederatedExperiment;
import io.dynakey.trainer.federated.FederatedOptions;
import io.dynakey.trainer.federated.FederatedPlan;
import io.dynakey.trainer.federated.FederatedSite;
import io.dynakey.trainer.federated.FederatedTree;
import io.dynakey.trainer.federated.Federation;
import io.dynakey.trainer.federated.SiteStats;
import io.dynakey.trainer.sign.ModelVerifier;
import io.dynakey.trainer.sign.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederatedTrainingTest {

    @TempDir
    Path dir;

    private Telemetry data;

    /** Synthetic flows: attack when many bytes or many failed handshakes, 3 % label noise. */
    @BeforeEach
    void load() throws Exception {
        StringBuilder csv = new StringBuilder("ts,bytes_in,failed_handshakes,state,label\n");
        Random rng = new Random(7);
        for (int i = 0; i < 3000; i++) {
            long bytes = rng.nextInt(4) == 0 ? 40_000 + rng.nextInt(2_000_000) : rng.nextInt(60_000);
            int failed = rng.nextInt(10) == 0 ? 4 + rng.nextInt(30) : rng.nextInt(5);
            boolean attack = bytes > 50_000 || failed >= 6;
            if (rng.nextInt(100) < 3) {
                attack = !attack;
            }
            csv.append(i).append(',').append(bytes).append(',').append(failed).append(',').append(rng.nextBoolean() ? "up" : "down")
                    .append(',').append(attack ? "attack" : "normal").append('\n');
        }
        Files.writeString(dir.resolve("flows.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("flows.properties"), """
                name=flows
                label.column=label
                label.benign=normal
                ignore=ts
                features=bytes_in,failed_handshakes,state
                feature.bytes_in.id=1
                feature.bytes_in.unit=bytes
                feature.bytes_in.quantizer=log
                feature.failed_handshakes.id=7
                feature.state.id=17
                feature.state.encoding=categorical
                feature.state.categories=down,up
                """);
        data = new TelemetryLoader(Schema.read(dir.resolve("flows.properties"))).load(dir.resolve("flows.csv"), ProgressListener.NONE);
    }

    /** Rows {@code from..to-1} as one site. */
    private FederatedSite site(String name, Telemetry t, int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return new FederatedSite(name, t, rows);
    }

    private int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    @Test
    void three_sites_grow_exactly_the_tree_of_their_pooled_rows_and_the_device_runs_it() throws Exception {
        FederatedOptions plain = FederatedOptions.defaults().undefended();
        Federation.Result pooled = Federation.run(new FederatedCoordinator(data.schema(), plain),
                List.of(site("all", data, 0, 3000)));
        Federation.Result three = Federation.run(new FederatedCoordinator(data.schema(), plain),
                List.of(site("a", data, 0, 700), site("b", data, 700, 1900), site("c", data, 1900, 3000)));
        assertArrayEquals(pooled.tree().feature(), three.tree().feature());
        assertArrayEquals(pooled.tree().value(), three.tree().value());
        assertArrayEquals(pooled.tree().left(), three.tree().left());
        assertTrue(three.tree().splits() >= 2, "the rule needs at least two splits");
        assertTrue(FederatedExperiment.f1(three.tree(), data, all(3000)) > 0.9);
        // the device's evaluator gives every row the class the federated tree gives it
        List<long[]> rows = new ArrayList<>();
        for (int r = 0; r < data.rows(); r++) {
            rows.add(data.row(r));
        }
        var ex = Federation.export(three.tree(), data.schema(), new ExactExporter.Header(3, 1, 0, 0, new byte[16]), rows);
        DeviceCheck device = DeviceCheck.of(ex.file());
        for (long[] raw : rows) {
            assertEquals(three.tree().predict(raw), device.predict(raw));
        }
        // what a site sends is far smaller than its rows as CSV (about 20 bytes a row here)
        for (Federation.Traffic t : three.traffic()) {
            assertTrue(t.sentBytes() < 20L * t.rows(), t.toString());
        }
    }

    @Test
    void a_large_label_flipped_site_is_excluded_and_cannot_move_the_model() throws Exception {
        // four honest sites of 450 rows and one of 1,200 rows whose labels are all flipped
        Telemetry poisoned = FederatedExperiment.flip(data, Arrays.copyOfRange(all(3000), 1800, 3000));
        List<FederatedSite> honest = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            honest.add(site("honest-" + s, data, s * 450, (s + 1) * 450));
        }
        List<FederatedSite> attacked = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            attacked.add(site("honest-" + s, poisoned, s * 450, (s + 1) * 450));
        }
        attacked.add(site("flipped", poisoned, 1800, 3000));
        FederatedOptions robust = FederatedOptions.defaults();
        FederatedTree reference = Federation.run(new FederatedCoordinator(data.schema(), robust), honest).tree();
        Federation.Result defended = Federation.run(new FederatedCoordinator(poisoned.schema(), robust), attacked);
        Federation.Result undefended = Federation.run(new FederatedCoordinator(poisoned.schema(), robust.undefended()), attacked);
        int[] test = all(3000);
        double f1 = FederatedExperiment.f1(reference, data, test);
        // the defended model stays within 0.01 of the honest sites' model; undefended it does not
        assertTrue(f1 - FederatedExperiment.f1(defended.tree(), data, test) <= 0.01);
        assertTrue(f1 - FederatedExperiment.f1(undefended.tree(), data, test) > 0.05);
        for (FederatedCoordinator.SiteReport s : defended.sites()) {
            if (s.name().equals("flipped")) {
                assertNotNull(s.excluded());
            } else {
                assertNull(s.excluded(), s.name());
            }
        }
    }

    @Test
    void clipping_bounds_a_site_to_clip_times_the_median_site() throws Exception {
        FederatedCoordinator c = new FederatedCoordinator(data.schema(), new FederatedOptions(4, 5, 2, false));
        Federation.Result r = Federation.run(c, List.of(site("s", data, 0, 100), site("m", data, 100, 300),
                site("l", data, 300, 3000)));
        for (FederatedCoordinator.SiteReport s : r.sites()) {
            assertTrue(s.weight() * s.rows() <= 2 * 200 + 1e-9, s.toString());
        }
        assertEquals(1.0, r.sites().get(0).weight());
    }

    @Test
    void a_site_whose_leaf_totals_contradict_its_own_histograms_is_excluded() throws Exception {
        FederatedCoordinator c = new FederatedCoordinator(data.schema(), FederatedOptions.defaults());
        List<FederatedSite> sites = List.of(site("a", data, 0, 1000), site("b", data, 1000, 2000), site("c", data, 2000, 3000));
        for (int round = 0; !c.done(); round++) {
            FederatedPlan plan = c.plan();
            List<SiteStats> answers = new ArrayList<>();
            for (FederatedSite s : sites) {
                SiteStats st = s.answer(plan);
                if (round == 2 && s.name().equals("b")) {
                    SiteStats.NodeHistogram h = st.nodes().get(0);
                    long[][] attacks = h.attackCounts().clone();
                    attacks[0] = attacks[0].clone();
                    attacks[0][0] += 500;
                    st = new SiteStats(st.round(), st.plan(), st.site(), st.benign(), st.attack(), st.min(), st.max(),
                            List.of(new SiteStats.NodeHistogram(h.benign(), h.attack() + 500, h.bins(), h.benignCounts(), attacks)));
                }
                answers.add(SiteStats.decode(st.encode()));
            }
            c.accept(answers);
        }
        assertTrue(c.sites().get(1).excluded().startsWith("inconsistent statistics"), c.sites().get(1).toString());
        assertNull(c.sites().get(0).excluded());
    }

    @Test
    void messages_from_another_plan_or_cut_short_are_refused() throws Exception {
        FederatedCoordinator c = new FederatedCoordinator(data.schema(), FederatedOptions.defaults());
        FederatedSite a = site("a", data, 0, 3000);
        c.accept(List.of(a.answer(c.plan())));
        SiteStats stale = a.answer(new FederatedCoordinator(data.schema(), FederatedOptions.defaults()).plan());
        assertThrows(FederatedException.class, () -> c.accept(List.of(stale)));
        byte[] plan = c.plan().encode();
        assertThrows(FederatedException.class, () -> FederatedPlan.decode(Arrays.copyOf(plan, plan.length - 1)));
        byte[] stats = a.answer(c.plan()).encode();
        assertThrows(FederatedException.class, () -> SiteStats.decode(Arrays.copyOf(stats, stats.length - 3)));
        assertEquals(c.plan().openCount(), FederatedPlan.decode(plan).openCount());
    }

    @Test
    void the_file_protocol_runs_round_by_round_and_signs_the_model() throws Exception {
        Path out = dir.resolve("coordinator");
        Path key = dir.resolve("keys/model.key");
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        FederatedTraining coordinator = new FederatedTraining(log);
        List<FederatedSite> sites = List.of(site("gw-1", data, 0, 1500), site("gw-2", data, 1500, 3000));
        List<Path> stats = new ArrayList<>();
        FederatedTraining.Step step = coordinator.run(data.schema(), FederatedOptions.defaults(), stats, out, key, 9, 1);
        while (step.model() == null) {
            FederatedPlan plan = FederatedPlan.decode(Files.readAllBytes(step.plan()));
            for (FederatedSite s : sites) {
                Path f = dir.resolve(s.name() + "-" + plan.round() + ".dkfs");
                Files.write(f, s.answer(plan).encode());
                stats.add(f);
            }
            step = coordinator.run(data.schema(), FederatedOptions.defaults(), stats, out, key, 9, 1);
        }
        var parsed = ModelVerifier.verify(Files.readAllBytes(step.model()), SigningKey.loadPublic(TrainingPipeline.publicKeyFile(key)));
        assertEquals(9, parsed.modelId());
        assertTrue(Files.readString(out.resolve(FederatedTraining.SUMMARY)).contains("gw-2"));
        assertTrue(Files.exists(out.resolve(TrainingPipeline.FEATURES)));
    }
}
