package io.dynakey.trainer.groups;

import io.dynakey.trainer.data.Telemetry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Behaviour of one device over consecutive windows of rows, as comparable numbers whatever the
 * device type: per window, the attack share (the label, i.e. the risk the device lived under),
 * the number of distinct attack types, the mean normalised spread of its readings and the mean
 * normalised change between consecutive readings.
 */
public final class WindowAggregates {

    /** Names of the aggregate dimensions, in vector order. */
    public static final List<String> DIMENSIONS = List.of("attack_share", "attack_types", "spread", "change");

    private WindowAggregates() {
    }

    /**
     * @param device name of the device (e.g. the data set)
     * @param data   its telemetry, rows in file (time) order
     * @param window rows per window; a last partial window shorter than half is dropped
     * @return one observation per window
     */
    public static List<Observation> of(String device, Telemetry data, int window) {
        int nf = data.featureCount();
        long[] min = new long[nf];
        long[] max = new long[nf];
        for (int f = 0; f < nf; f++) {
            min[f] = Long.MAX_VALUE;
            max[f] = Long.MIN_VALUE;
            for (long v : data.columns()[f]) {
                min[f] = Math.min(min[f], v);
                max[f] = Math.max(max[f], v);
            }
        }
        List<Observation> out = new ArrayList<>();
        int benign = data.classNames().indexOf("benign");
        for (int start = 0, w = 0; start < data.rows(); start += window, w++) {
            int end = Math.min(data.rows(), start + window);
            if (end - start < window / 2 && start > 0) {
                break;
            }
            int attacks = 0;
            Set<Integer> types = new HashSet<>();
            for (int r = start; r < end; r++) {
                attacks += data.attack()[r];
                if (data.attack()[r] == 1 && data.classes()[r] != benign) {
                    types.add(data.classes()[r]);
                }
            }
            double spread = 0;
            double change = 0;
            for (int f = 0; f < nf; f++) {
                double range = Math.max(1, (double) max[f] - min[f]);
                double sum = 0;
                double sq = 0;
                double delta = 0;
                long[] col = data.columns()[f];
                for (int r = start; r < end; r++) {
                    double v = (col[r] - min[f]) / range;
                    sum += v;
                    sq += v * v;
                    if (r > start) {
                        delta += Math.abs(col[r] - col[r - 1]) / range;
                    }
                }
                int n = end - start;
                double mean = sum / n;
                spread += Math.sqrt(Math.max(0, sq / n - mean * mean));
                change += n > 1 ? delta / (n - 1) : 0;
            }
            double[] v = {(double) attacks / (end - start), types.size(), spread / nf, change / nf};
            out.add(new Observation(device, w, v));
        }
        return out;
    }

    /**
     * One window of one device.
     *
     * @param device device name
     * @param window window index
     * @param values aggregate vector ({@link #DIMENSIONS} order)
     */
    public record Observation(String device, int window, double[] values) {
    }
}
