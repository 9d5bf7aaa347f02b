package io.dynakey.trainer.federated;

import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.eval.Evaluation;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.export.ExportException;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Central against federated training on one data set split into sites: the same training rows
 * (every time block but the held-out ones), the same held-out test rows, the same depth and min
 * leaf. Measures F1 (attack class) central (the Tribuo tree {@code dynakey train} ships),
 * federated (robust and undefended), the bytes each site sends against its raw CSV bytes, and
 * the F1 when one site's training labels are flipped, for every site in turn. Stateless.
 */
public final class FederatedExperiment {

    /** Time blocks of the split; blocks {@code b % 5 == 2} are the test part. */
    public static final int BLOCKS = 20;

    private FederatedExperiment() {
    }

    /**
     * The inputs.
     *
     * @param name       data set name for the report
     * @param data       loaded telemetry
     * @param timeMillis each row's time (orders the time blocks; never a feature)
     * @param site       each row's site index
     * @param siteNames  site names by index
     * @param lineBytes  each row's CSV line in bytes (with its newline)
     * @param options    federated options (the robust run; the undefended run drops clip and screening)
     */
    public record Input(String name, Telemetry data, long[] timeMillis, int[] site, List<String> siteNames, long[] lineBytes,
                        FederatedOptions options) {
    }

    /**
     * One site's figures.
     *
     * @param site            name
     * @param trainRows       training rows it holds
     * @param attackRows      of them, attacks
     * @param rawBytes        its training rows as CSV bytes
     * @param sentBytes       statistics it uploaded (robust run, all rounds)
     * @param planBytes       plans it downloaded
     * @param weight          its clipped row weight
     * @param excluded        why the robust honest run excluded it, or null
     * @param flippedF1       F1 of the robust federated model when this site's labels are flipped
     * @param flippedUndefended F1 of the undefended federated model then
     * @param flippedCentral  F1 of the central Tribuo tree then
     * @param flippedExcluded whether the robust run excluded the flipped site
     * @param withoutF1       F1 of the robust federated model when this site takes no part (the best a defence
     *                        that cannot check its labels can reach)
     */
    public record SiteRow(String site, int trainRows, int attackRows, long rawBytes, long sentBytes, long planBytes, double weight,
                          String excluded, double flippedF1, double flippedUndefended, double flippedCentral,
                          boolean flippedExcluded, double withoutF1) {
    }

    /**
     * The figures.
     *
     * @param name            data set
     * @param split           how rows were split
     * @param trainRows       training rows
     * @param testRows        test rows
     * @param centralF1       the Tribuo CART tree on all training rows
     * @param pooledF1        the federated algorithm on all training rows as one site (no clipping)
     * @param federatedF1     robust federated over the sites
     * @param undefendedF1    federated without clipping or screening
     * @param rounds          protocol rounds
     * @param splits          split nodes of the robust federated tree
     * @param sites           per site
     * @param options         the robust options
     */
    public record Result(String name, String split, int trainRows, int testRows, double centralF1, double pooledF1,
                         double federatedF1, double undefendedF1, int rounds, int splits, List<SiteRow> sites, String options) {

        /** @return the worst F1 drop of the robust model over all single flipped sites */
        public double worstFlipDrop() {
            double worst = 0;
            for (SiteRow s : sites) {
                if (!Double.isNaN(s.flippedF1())) {
                    worst = Math.max(worst, federatedF1 - s.flippedF1());
                }
            }
            return worst;
        }
    }

    /** Runs the comparison; {@code flip} false skips the poisoned runs. */
    public static Result run(Input in, boolean flip, PrintStream log) throws FederatedException, ExportException {
        Telemetry data = in.data();
        int[][] parts = timeBlocks(in.timeMillis());
        int[] train = parts[0];
        int[] test = parts[1];
        String split = String.format(Locale.ROOT, "%d time blocks of consecutive rows in time order; test = blocks 2, 7, 12, 17 "
                + "(%,d rows, never seen by any site or the central trainer), training = the other 16 (%,d rows), each row "
                + "at its site", BLOCKS, test.length, train.length);
        log.println(in.name() + ": " + split);
        TrainOptions central = TrainOptions.defaults(Task.BINARY).withDepth(in.options().maxDepth());
        central = new TrainOptions(Task.BINARY, 1, in.options().maxDepth(), in.options().minLeaf(), 1f, central.seed());
        double centralF1 = Evaluation.of(new ForestTrainer().train(data, train, central), data, test).attackF1();
        FederatedOptions plain = in.options().undefended();
        Federation.Result pooled = Federation.run(new FederatedCoordinator(data.schema(), plain),
                List.of(new FederatedSite("all", data, train)));
        double pooledF1 = f1(pooled.tree(), data, test);
        int ns = in.siteNames().size();
        int[][] siteRows = bySite(train, in.site(), ns);
        Federation.Result robust = Federation.run(new FederatedCoordinator(data.schema(), in.options()), sites(in, data, siteRows));
        Federation.export(robust.tree(), data.schema(), new ExactExporter.Header(1, 1, 42, 0, new byte[16]), rows(data, test));
        double federatedF1 = f1(robust.tree(), data, test);
        Federation.Result undefended = Federation.run(new FederatedCoordinator(data.schema(), plain), sites(in, data, siteRows));
        double undefendedF1 = f1(undefended.tree(), data, test);
        log.printf(Locale.ROOT, "%s: central F1 %.4f, pooled histogram %.4f, federated %.4f (undefended %.4f), %d rounds%n",
                in.name(), centralF1, pooledF1, federatedF1, undefendedF1, robust.rounds());
        for (FederatedCoordinator.SiteReport rep : robust.sites()) {
            log.printf(Locale.ROOT, "  %s: weight %.3f, judged %,d rows, contradicted %,d%s%n", rep.name(), rep.weight(), rep.judged(),
                    rep.contradicted(), rep.excluded() == null ? "" : " EXCLUDED: " + rep.excluded());
        }
        List<SiteRow> rowsOut = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            int[] mine = siteRows[s];
            long raw = 0;
            int attacks = 0;
            for (int r : mine) {
                raw += in.lineBytes()[r];
                attacks += data.attack()[r];
            }
            double fF1 = Double.NaN;
            double fUnd = Double.NaN;
            double fCen = Double.NaN;
            boolean fEx = false;
            double without = Double.NaN;
            if (flip && mine.length > 0) {
                List<FederatedSite> rest = sites(in, data, siteRows);
                rest.remove(s);
                without = f1(Federation.run(new FederatedCoordinator(data.schema(), in.options()), rest).tree(), data, test);
                Telemetry flipped = flip(data, mine);
                Federation.Result fr = Federation.run(new FederatedCoordinator(flipped.schema(), in.options()),
                        sites(in, flipped, siteRows));
                fF1 = f1(fr.tree(), data, test);
                String me = in.siteNames().get(s);
                fEx = fr.sites().stream().anyMatch(r -> r.name().equals(me) && r.excluded() != null);
                fUnd = f1(Federation.run(new FederatedCoordinator(flipped.schema(), plain), sites(in, flipped, siteRows)).tree(),
                        data, test);
                fCen = Evaluation.of(new ForestTrainer().train(flipped, train, central), data, test).attackF1();
                for (FederatedCoordinator.SiteReport rep : fr.sites()) {
                    log.printf(Locale.ROOT, "    %s: judged %,d rows, contradicted %,d%s%n", rep.name(), rep.judged(),
                            rep.contradicted(), rep.excluded() == null ? "" : " EXCLUDED");
                }
                log.printf(Locale.ROOT, "  %s flipped (%,d rows): robust F1 %.4f%s, undefended %.4f, central %.4f; without it %.4f%n",
                        in.siteNames().get(s), mine.length, fF1, fEx ? " (site excluded)" : "", fUnd, fCen, without);
            }
            Federation.Traffic t = null;
            FederatedCoordinator.SiteReport rep = null;
            for (Federation.Traffic x : robust.traffic()) {
                if (x.site().equals(in.siteNames().get(s))) {
                    t = x;
                }
            }
            for (FederatedCoordinator.SiteReport x : robust.sites()) {
                if (x.name().equals(in.siteNames().get(s))) {
                    rep = x;
                }
            }
            rowsOut.add(new SiteRow(in.siteNames().get(s), mine.length, attacks, raw, t == null ? 0 : t.sentBytes(),
                    t == null ? 0 : t.planBytes(), rep == null ? 0 : rep.weight(), rep == null ? null : rep.excluded(), fF1, fUnd,
                    fCen, fEx, without));
        }
        return new Result(in.name(), split, train.length, test.length, centralF1, pooledF1, federatedF1, undefendedF1,
                robust.rounds(), robust.tree().splits(), List.copyOf(rowsOut), in.options().describe());
    }

    /** {train, test}: rows in time order cut into {@link #BLOCKS} blocks; blocks {@code b % 5 == 2} are test. */
    public static int[][] timeBlocks(long[] time) {
        Integer[] order = new Integer[time.length];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        Arrays.sort(order, (a, b) -> time[a] != time[b] ? Long.compare(time[a], time[b]) : Integer.compare(a, b));
        boolean[] isTest = new boolean[time.length];
        int n = order.length;
        for (int b = 0; b < BLOCKS; b++) {
            for (int i = (int) ((long) n * b / BLOCKS); i < (int) ((long) n * (b + 1) / BLOCKS); i++) {
                isTest[order[i]] = b % 5 == 2;
            }
        }
        int nt = 0;
        for (boolean t : isTest) {
            nt += t ? 1 : 0;
        }
        int[] train = new int[n - nt];
        int[] test = new int[nt];
        int a = 0;
        int c = 0;
        for (int r = 0; r < n; r++) {
            if (isTest[r]) {
                test[c++] = r;
            } else {
                train[a++] = r;
            }
        }
        return new int[][] {train, test};
    }

    /** Site index per row: a new site starts after a silence longer than {@code gapMillis} (IoT-23's captures). */
    public static int[] byTimeGap(long[] time, long gapMillis) {
        Integer[] order = new Integer[time.length];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        Arrays.sort(order, (a, b) -> time[a] != time[b] ? Long.compare(time[a], time[b]) : Integer.compare(a, b));
        int[] site = new int[time.length];
        int s = 0;
        for (int i = 0; i < order.length; i++) {
            if (i > 0 && time[order[i]] - time[order[i - 1]] > gapMillis) {
                s++;
            }
            site[order[i]] = s;
        }
        return site;
    }

    private static int[][] bySite(int[] rows, int[] site, int ns) {
        int[] count = new int[ns];
        for (int r : rows) {
            count[site[r]]++;
        }
        int[][] out = new int[ns][];
        for (int s = 0; s < ns; s++) {
            out[s] = new int[count[s]];
        }
        int[] fill = new int[ns];
        for (int r : rows) {
            out[site[r]][fill[site[r]]++] = r;
        }
        return out;
    }

    private static List<FederatedSite> sites(Input in, Telemetry data, int[][] siteRows) {
        List<FederatedSite> out = new ArrayList<>();
        for (int s = 0; s < siteRows.length; s++) {
            out.add(new FederatedSite(in.siteNames().get(s), data, siteRows[s]));
        }
        return out;
    }

    /** A copy of the telemetry with the binary labels of some rows flipped. */
    public static Telemetry flip(Telemetry data, int[] rows) {
        int[] attack = data.attack().clone();
        for (int r : rows) {
            attack[r] = 1 - attack[r];
        }
        return new Telemetry(data.schema(), data.file(), data.columns(), attack, data.classes(), data.classNames(), data.groups(),
                data.groupNames(), data.lines());
    }

    private static List<long[]> rows(Telemetry data, int[] rows) {
        List<long[]> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(data.row(r));
        }
        return out;
    }

    /** Each row's CSV line length in bytes with its newline ({@code lines}: 1-based line numbers, header = 1). */
    public static long[] lineBytes(java.nio.file.Path csv, long[] lines) throws java.io.IOException {
        List<Long> ends = new ArrayList<>();
        try (java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(csv))) {
            long pos = 0;
            int b;
            while ((b = in.read()) >= 0) {
                pos++;
                if (b == '\n') {
                    ends.add(pos);
                }
            }
            if (ends.isEmpty() || ends.get(ends.size() - 1) != pos) {
                ends.add(pos);
            }
        }
        long[] out = new long[lines.length];
        for (int r = 0; r < lines.length; r++) {
            int i = (int) lines[r] - 1;
            out[r] = i < ends.size() ? ends.get(i) - (i == 0 ? 0 : ends.get(i - 1)) : 0;
        }
        return out;
    }

    /** F1 of the attack class of a federated tree on some rows (true labels of {@code data}). */
    public static double f1(FederatedTree tree, Telemetry data, int[] rows) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int r : rows) {
            boolean p = tree.predict(data.row(r)) == FederatedTree.ATTACK;
            boolean t = data.attack()[r] == 1;
            tp += p && t ? 1 : 0;
            fp += p && !t ? 1 : 0;
            fn += !p && t ? 1 : 0;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** The result as a Markdown section. */
    public static String markdown(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(r.name()).append("\n\n").append(r.split()).append(". Federated: ").append(r.options())
                .append("; ").append(r.rounds()).append(" rounds, ").append(r.splits()).append(" splits.\n\n");
        sb.append(String.format(Locale.ROOT, "| | F1 |%n|---|---|%n| central (Tribuo CART, `dynakey train`) | %.4f |%n"
                + "| federated algorithm, all rows as one site | %.4f |%n| federated, robust | %.4f |%n"
                + "| federated, undefended | %.4f |%n| robust - central | %+.4f |%n| worst drop, one site flipped (robust) | %.4f |%n%n",
                r.centralF1(), r.pooledF1(), r.federatedF1(), r.undefendedF1(), r.federatedF1() - r.centralF1(), r.worstFlipDrop()));
        sb.append("| site | train rows | attacks | raw CSV bytes | stats sent | sent/raw | plans received | weight | "
                + "excluded (honest) | F1 flipped: robust | undefended | central | F1 without the site |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SiteRow s : r.sites()) {
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %.3f | %,d | %.3f | %s | %s%s | %s | %s | %s |%n", s.site(),
                    s.trainRows(), s.attackRows(), s.rawBytes(), s.sentBytes(), s.rawBytes() == 0 ? 0 : (double) s.sentBytes() / s.rawBytes(),
                    s.planBytes(), s.weight(), s.excluded() == null ? "no" : "yes", fmt(s.flippedF1()),
                    s.flippedExcluded() ? " (excl.)" : "", fmt(s.flippedUndefended()), fmt(s.flippedCentral()), fmt(s.withoutF1())));
        }
        return sb.append('\n').toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
