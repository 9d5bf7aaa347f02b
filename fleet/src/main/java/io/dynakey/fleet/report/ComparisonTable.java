package io.dynakey.fleet.report;

import io.dynakey.fleet.FleetResult;
import io.dynakey.fleet.PolicyResult;
import java.util.Locale;

/** The per-policy comparison as a plain-text table. */
public final class ComparisonTable {

    private ComparisonTable() {
    }

    public static String format(FleetResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-9s %11s %11s %11s %8s %11s %8s %11s %10s %9s%n",
                "policy", "exp. mean", "exp. p50", "exp. p95", "censored", "rot/dev/day", "false", "key bytes",
                "B/dev/day", "gw CPU"));
        for (PolicyResult p : r.policies()) {
            sb.append(String.format(Locale.ROOT, "%-9s %11s %11s %11s %8d %11.3f %8d %11s %10.0f %9s%n",
                    p.policy(), duration(p.exposureMeanSeconds()), duration(p.exposurePercentileSeconds(50)),
                    duration(p.exposurePercentileSeconds(95)), p.censored(), p.rotationsPerDeviceDay(),
                    p.falseRotations(), bytes(p.gateway().keyManagementBytes()), p.keyBytesPerDeviceDay(),
                    p.gateway().cpuNanos() < 0 ? "n/a" : String.format(Locale.ROOT, "%.2fs", p.gateway().cpuNanos() / 1e9)));
        }
        PolicyResult fixed = r.policy("fixed");
        PolicyResult adaptive = r.policy("adaptive");
        if (fixed != null && adaptive != null && fixed.exposureMeanSeconds() > 0) {
            double cut = 1 - adaptive.exposureMeanSeconds() / fixed.exposureMeanSeconds();
            double rot = adaptive.rotations() / (double) Math.max(1, fixed.rotations());
            sb.append(String.format(Locale.ROOT,
                    "adaptive vs fixed: mean exposure %s by %.1f %%, at %.2fx the rotations (target: >= 50 %% shorter at <= 1.00x): %s%n",
                    cut >= 0 ? "shorter" : "LONGER", Math.abs(cut) * 100, rot,
                    cut >= 0.5 && rot <= 1.0 ? "MET" : "NOT MET"));
        }
        PolicyResult learned = r.policy("learned");
        if (fixed != null && learned != null && fixed.exposureMeanSeconds() > 0) {
            double ratio = learned.exposureMeanSeconds() / fixed.exposureMeanSeconds();
            double rot = learned.rotations() / (double) Math.max(1, fixed.rotations());
            double falsePerMonth = learned.falseRotations() * 30.0 / ((double) learned.devices() * learned.days());
            sb.append(String.format(Locale.ROOT,
                    "learned vs fixed: %.2fx the mean exposure at %.2fx the rotations, %.2f false rotations per device-month "
                    + "(no-regret: <= 1.00x at <= 1.00x, <= 1 false per device-month): %s%n",
                    ratio, rot, falsePerMonth, ratio <= 1.0 && rot <= 1.0 && falsePerMonth <= 1.0 ? "MET" : "NOT MET"));
        }
        return sb.toString();
    }

    /** Seconds as a short duration: {@code 42s}, {@code 12.5m}, {@code 11.8h}. */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "n/a";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0fs", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1fm", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1fh", seconds / 3600);
    }

    static String bytes(long b) {
        if (b < 10_000) {
            return b + " B";
        }
        if (b < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
    }
}
