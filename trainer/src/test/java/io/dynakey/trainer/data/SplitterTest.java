package io.dynakey.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitterTest {

    private static Telemetry data() throws Exception {
        StringBuilder csv = new StringBuilder("ts,host,bytes,temp,state,label,kind\n");
        for (int i = 0; i < 1000; i++) {
            String kind = i % 10 == 0 ? "scan" : i % 4 == 0 ? "ddos" : "-";
            String label = kind.equals("-") ? "normal" : "attack";
            csv.append(i).append(",h").append(i % 20).append(',').append(i).append(",1,low,").append(label)
                    .append(',').append(kind).append('\n');
        }
        return TestData.load(TestData.schema(), csv.toString());
    }

    @Test
    void a_stratified_split_keeps_every_class_share_in_every_part() throws Exception {
        Telemetry t = data();
        Split s = new Splitter(0.7, 0.15, 7).stratified(t);
        assertEquals(t.rows(), s.train().length + s.validation().length + s.test().length);
        for (int c = 0; c < t.classNames().size(); c++) {
            double all = share(t, allRows(t), c);
            assertEquals(all, share(t, s.train(), c), 0.01);
            assertEquals(all, share(t, s.test(), c), 0.02);
            assertEquals(all, share(t, s.validation(), c), 0.02);
        }
        Set<Integer> seen = new HashSet<>();
        for (int[] part : new int[][] {s.train(), s.validation(), s.test()}) {
            for (int r : part) {
                assertTrue(seen.add(r), "row in two parts: " + r);
            }
        }
    }

    @Test
    void the_same_seed_gives_the_same_split_and_another_seed_another() throws Exception {
        Telemetry t = data();
        assertArrayEquals(new Splitter(0.7, 0.15, 7).stratified(t).test(), new Splitter(0.7, 0.15, 7).stratified(t).test());
        assertTrue(!java.util.Arrays.equals(new Splitter(0.7, 0.15, 7).stratified(t).test(),
                new Splitter(0.7, 0.15, 8).stratified(t).test()));
    }

    @Test
    void a_grouped_split_never_puts_one_group_on_two_sides() throws Exception {
        Telemetry t = data();
        Split s = new Splitter(0.7, 0.15, 7).grouped(t, Set.of("h3"));
        int[] side = new int[t.groupNames().size()];
        java.util.Arrays.fill(side, -1);
        int[][] parts = {s.train(), s.validation(), s.test()};
        for (int p = 0; p < 3; p++) {
            for (int r : parts[p]) {
                int g = t.groups()[r];
                assertTrue(side[g] == -1 || side[g] == p, "group on two sides: " + t.groupNames().get(g));
                side[g] = p;
            }
        }
        assertEquals(2, side[t.groupNames().indexOf("h3")]);
    }

    private static int[] allRows(Telemetry t) {
        int[] r = new int[t.rows()];
        for (int i = 0; i < r.length; i++) {
            r[i] = i;
        }
        return r;
    }

    private static double share(Telemetry t, int[] rows, int c) {
        int n = 0;
        for (int r : rows) {
            if (t.classes()[r] == c) {
                n++;
            }
        }
        return (double) n / rows.length;
    }
}
