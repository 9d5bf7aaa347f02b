package io.dynakey.models;

/**
 * One entry of a model's feature schema: the feature id ({@link FeatureIds}), its unit
 * ({@link FeatureUnits}) and decimal scale, and its quantizer. Immutable value.
 */
public final class FeatureSpec {

    private final int id;
    private final int unit;
    private final int decimalScale;
    private final QuantizerSpec quantizer;

    /**
     * @param id feature id, 1..255 ({@link FeatureIds})
     * @param unit unit code ({@link FeatureUnits}), 0..{@link FeatureUnits#MAX_DEFINED}
     * @param decimalScale s in -18..18: the value in the unit is {@code raw / 10^s}
     * @param quantizer the feature's quantizer
     */
    public FeatureSpec(int id, int unit, int decimalScale, QuantizerSpec quantizer) {
        if (id < 1 || id > FeatureIds.MAX_ID) {
            throw new IllegalArgumentException("feature id out of range: " + id);
        }
        if (unit < 0 || unit > FeatureUnits.MAX_DEFINED) {
            throw new IllegalArgumentException("unit out of range: " + unit);
        }
        if (decimalScale < -18 || decimalScale > 18) {
            throw new IllegalArgumentException("decimal scale out of range: " + decimalScale);
        }
        if (quantizer == null) {
            throw new IllegalArgumentException("quantizer is null");
        }
        this.id = id;
        this.unit = unit;
        this.decimalScale = decimalScale;
        this.quantizer = quantizer;
    }

    public int id() {
        return id;
    }

    public int unit() {
        return unit;
    }

    public int decimalScale() {
        return decimalScale;
    }

    public QuantizerSpec quantizer() {
        return quantizer;
    }

    @Override
    public String toString() {
        return "Feature(id=" + id + ", unit=" + unit + ", scale=" + decimalScale + ", " + quantizer + ")";
    }
}
