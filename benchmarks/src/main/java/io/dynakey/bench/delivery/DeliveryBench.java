package io.dynakey.bench.delivery;

import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.delivery.DeliveryBandit;
import io.dynakey.fleet.delivery.DeliveryLab;
import io.dynakey.fleet.delivery.DeliveryLab.Outcome;
import io.dynakey.fleet.delivery.DeliveryStrategy;
import io.dynakey.fleet.delivery.DeviceClass;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Per loss level, one lab (real gateway, lossy relay, the standard device classes of
 * {@link DeviceClass#standard}): every device first rotates with Californium's default retransmission,
 * then the bandit learns for {@code learnRotations} rotations per device, then it is measured for as
 * many rotations per device as the default was (still learning, exploration included). Same seed, same
 * gaps between rotations, same devices, same run. Then every device's key is checked.
 */
public final class DeliveryBench {

    private DeliveryBench() {
    }

    /**
     * @param losses           loss shares to measure (each a lab)
     * @param devicesPerClass  devices of each standard class
     * @param rotations        measured rotations per device, for each of default and learned
     * @param learnRotations   rotations per device the bandit learns from before it is measured
     * @param seed             the labs' seed
     * @param abandonAfterMs   deadline of one rotation, ms
     * @param maxGapMs         gap before each rotation, uniform 0..maxGapMs
     */
    public record Settings(List<Double> losses, int devicesPerClass, int rotations, int learnRotations, long seed,
                           long abandonAfterMs, int maxGapMs) {
        /** 0, 10, 20, 30 % loss; 8 devices per class; 4 measured rotations each way after 4 to learn; seed 4242; 60 s deadline. */
        public static Settings standard() {
            return new Settings(List.of(0.0, 0.1, 0.2, 0.3), 8, 4, 4, 4242, 60_000, 3_000);
        }
    }

    /** One loss level's outcomes. */
    public record Level(double loss, List<Outcome> baseline, List<Outcome> learned, DeliveryLab.KeyCheck keys,
                        List<DeliveryBandit.ArmStats> arms, List<String> classes) {
    }

    /** Figures over a set of outcomes. */
    public record Figures(int rotations, int abandoned, double meanSeconds, double p50Seconds, double p95Seconds,
                          double bytesPerCommitted) {
        static Figures of(List<Outcome> os) {
            double[] t = os.stream().mapToDouble(o -> o.timeToCommitMs() / 1000.0).sorted().toArray();
            int abandoned = (int) os.stream().filter(o -> !o.committed()).count();
            double mean = Arrays.stream(t).average().orElse(Double.NaN);
            long committed = os.size() - abandoned;
            double bytes = committed == 0 ? Double.NaN : os.stream().mapToLong(Outcome::bytes).sum() / (double) committed;
            return new Figures(os.size(), abandoned, mean, pct(t, 0.5), pct(t, 0.95), bytes);
        }

        private static double pct(double[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }

    /** Runs every level; progress goes to {@code log}. */
    public static List<Level> run(Settings s, PrintStream log) throws FleetException, IOException {
        List<Level> levels = new ArrayList<>();
        for (double loss : s.losses()) {
            List<DeviceClass> classes = DeviceClass.standard(loss);
            Path dir = Files.createTempDirectory("dynakey-delivery-");
            DeliveryLab.Settings ls = new DeliveryLab.Settings(classes, s.devicesPerClass(), s.seed(), s.abandonAfterMs(),
                    s.maxGapMs(), java.time.Duration.ofSeconds(2));
            try (DeliveryLab lab = DeliveryLab.start(dir, ls)) {
                long t0 = System.nanoTime();
                List<Outcome> base = lab.run(DeliveryLab.Chooser.fixed(DeliveryStrategy.DEFAULT), s.rotations());
                log.printf(Locale.ROOT, "loss %.0f %%: default done (%d rotations, %.0f s)%n", loss * 100, base.size(),
                        (System.nanoTime() - t0) / 1e9);
                DeliveryBandit bandit = new DeliveryBandit(0.1, 2, 1.0, DeliveryStrategy.DEFAULT, s.seed());
                for (DeviceClass c : classes) {
                    bandit.offer(c.name(), c.strategies());
                }
                DeliveryLab.Chooser learned = DeliveryLab.Chooser.learned(bandit);
                lab.run(learned, s.learnRotations());
                t0 = System.nanoTime();
                List<Outcome> measured = lab.run(learned, s.rotations());
                log.printf(Locale.ROOT, "loss %.0f %%: learned done (%d rotations, %.0f s)%n", loss * 100, measured.size(),
                        (System.nanoTime() - t0) / 1e9);
                DeliveryLab.KeyCheck keys = lab.checkKeys();
                for (String problem : keys.problems()) {
                    log.println("  locked out: " + problem);
                }
                levels.add(new Level(loss, base, measured, keys, bandit.stats(),
                        classes.stream().map(DeviceClass::name).toList()));
            }
        }
        return levels;
    }

    /** The Markdown table: per level and class (and all classes), default against learned. */
    public static String table(List<Level> levels) {
        StringBuilder b = new StringBuilder();
        b.append("| loss | class | default: mean / p95 time-to-commit | learned: mean / p95 | learned vs default time "
                + "| bytes per committed rotation default / learned | abandoned default / learned | locked out | learned chose |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Level l : levels) {
            List<String> rows = new ArrayList<>(l.classes());
            rows.add("all");
            for (String c : rows) {
                List<Outcome> d = c.equals("all") ? l.baseline() : only(l.baseline(), c);
                List<Outcome> m = c.equals("all") ? l.learned() : only(l.learned(), c);
                Figures fd = Figures.of(d);
                Figures fm = Figures.of(m);
                b.append(String.format(Locale.ROOT, "| %.0f %% | %s | %.2f s / %.2f s | %.2f s / %.2f s | %+.0f %% | %,.0f / %,.0f (%.2fx) "
                                + "| %d / %d | %s | %s |%n",
                        l.loss() * 100, c.equals("all") ? "**all**" : c, fd.meanSeconds(), fd.p95Seconds(), fm.meanSeconds(),
                        fm.p95Seconds(), 100 * (fm.meanSeconds() / fd.meanSeconds() - 1), fd.bytesPerCommitted(), fm.bytesPerCommitted(),
                        fm.bytesPerCommitted() / fd.bytesPerCommitted(), fd.abandoned(), fm.abandoned(),
                        c.equals("all") ? l.keys().lockedOut() + " of " + l.keys().devices() : "",
                        c.equals("all") ? "" : choices(m)));
            }
        }
        return b.toString();
    }

    /** The target of issue 12 at one loss level, over all classes: a sentence saying met or not, with the figures. */
    public static String verdict(Level l) {
        Figures d = Figures.of(l.baseline());
        Figures m = Figures.of(l.learned());
        double shorter = 1 - m.meanSeconds() / d.meanSeconds();
        boolean met = shorter >= 0.30 && m.bytesPerCommitted() <= d.bytesPerCommitted() && m.abandoned() == 0 && l.keys().lockedOut() == 0;
        return String.format(Locale.ROOT, "at %.0f %% loss the learned strategy's mean time-to-commit is %.0f %% %s than the "
                        + "default's (%.2f s against %.2f s) at %.2fx its bytes, %d rotations abandoned, %d devices locked out: "
                        + "target (>= 30 %% shorter at <= equal bytes, 0 abandoned, 0 locked out) %s",
                l.loss() * 100, Math.abs(shorter) * 100, shorter >= 0 ? "shorter" : "longer", m.meanSeconds(), d.meanSeconds(),
                m.bytesPerCommitted() / d.bytesPerCommitted(), m.abandoned(), l.keys().lockedOut(), met ? "**met**" : "**not met**");
    }

    /** The whole section for docs/benchmarks.md. */
    public static String report(Settings s, List<Level> levels, java.time.Instant when, int cores, double seconds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Measured by `./dynakey bench delivery` on %s (%d cores, %.0f s): per loss level "
                        + "one real gateway (Californium/Scandium DTLS-PSK on loopback, SQLite, its own DTLS flights at "
                        + "Scandium's default 2 s) behind the lossy relay, %d devices in each standard class (`mains`, `radio`, "
                        + "`sleepy`: `DeviceClass.standard`), the loss applied to every datagram in both directions. Each "
                        + "device makes %d rotations with Californium's default retransmission, then the bandit learns for %d "
                        + "rotations per device, then %d more per device are measured (still learning, 10 %% exploration "
                        + "included). Seed %d: same links, wake phases and gaps for both. Time-to-commit runs from the moment "
                        + "a rotation is due to the device holding the committed key (waiting for a telemetry exchange or a "
                        + "wake window counts); bytes are every datagram of the device and the gateway through the relay, "
                        + "IP/UDP headers included, counted per committed rotation (every byte, an abandoned rotation's too, over "
                        + "the rotations that committed); a rotation not committed %d s after it was due is abandoned and "
                        + "counts its deadline as its time. The bandit takes, per class, the arm of least mean time-to-commit "
                        + "among those whose bytes per committed rotation are within the default arm's.%n%n",
                when, cores, seconds, s.devicesPerClass(), s.rotations(), s.learnRotations(), s.rotations(), s.seed(),
                s.abandonAfterMs() / 1000));
        b.append(table(levels)).append('\n');
        for (Level l : levels) {
            b.append("- ").append(verdict(l)).append(".\n");
        }
        b.append("\nWhat the bandit learned over all its trials at that level (learning and measured rounds): per class "
                + "and arm, trials, mean time-to-commit, bytes per committed rotation:\n\n");
        b.append("| loss | class | arms |\n|---|---|---|\n");
        for (Level l : levels) {
            for (String c : l.classes()) {
                b.append(String.format(Locale.ROOT, "| %.0f %% | %s | %s |%n", l.loss() * 100, c, l.arms().stream()
                        .filter(a -> a.deviceClass().equals(c))
                        .map(a -> String.format(Locale.ROOT, "%s: %d, %.2f s, %,.0f B", a.strategy().label(), a.trials(),
                                a.meanSeconds(), a.bytesPerCommitted()))
                        .collect(Collectors.joining("; "))));
            }
        }
        return b.toString();
    }

    private static List<Outcome> only(List<Outcome> os, String c) {
        return os.stream().filter(o -> o.deviceClass().equals(c)).toList();
    }

    /** The strategies used in the measured rotations, most used first, with their counts. */
    private static String choices(List<Outcome> os) {
        return os.stream().collect(Collectors.groupingBy(Outcome::strategy, Collectors.counting())).entrySet().stream()
                .sorted(Comparator.comparing((java.util.Map.Entry<DeliveryStrategy, Long> e) -> -e.getValue()))
                .map(e -> e.getKey().label() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
