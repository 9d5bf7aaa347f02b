package io.dynakey.trainer.export;

import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;

/**
 * Evaluates a tiny-model file the way the device does (quantize each raw value, walk each tree
 * in the quantized domain, one vote per tree, lowest class index wins a tie), through the
 * format's own reader. Not thread-safe (reuses buffers).
 */
public final class DeviceCheck {

    private final TinyModel model;
    private final int[] q;
    private final int[] votes;

    private DeviceCheck(TinyModel model) {
        this.model = model;
        this.q = new int[model.featureCount()];
        this.votes = new int[model.classCount()];
    }

    /** Parses a model file (signature not checked). */
    public static DeviceCheck of(byte[] file) throws ExportException {
        try {
            return new DeviceCheck(TinyModel.parse(file));
        } catch (ModelFormatException e) {
            throw new ExportException("the written model does not parse: " + e.getMessage());
        }
    }

    /** @return the class the device computes for raw features (schema order) */
    public int predict(long[] raw) {
        for (int i = 0; i < q.length; i++) {
            q[i] = model.quantize(i, raw[i]);
        }
        java.util.Arrays.fill(votes, 0);
        for (int t = 0; t < model.treeCount(); t++) {
            votes[model.leafClass(model.leafIndex(t, q, 0))]++;
        }
        int best = 0;
        for (int c = 1; c < votes.length; c++) {
            if (votes[c] > votes[best]) {
                best = c;
            }
        }
        return best;
    }

    /** @return the risk in permille the device computes (docs/model-format.md, evaluation step 3) */
    public int riskPermille(long[] raw) {
        for (int i = 0; i < q.length; i++) {
            q[i] = model.quantize(i, raw[i]);
        }
        long s = 0;
        int trees = model.treeCount();
        for (int t = 0; t < trees; t++) {
            s += model.leafRisk(model.leafIndex(t, q, 0));
        }
        return (int) ((s * 1000 + (255L * trees) / 2) / (255L * trees));
    }

    /** @return the parsed model */
    public TinyModel model() {
        return model;
    }
}
