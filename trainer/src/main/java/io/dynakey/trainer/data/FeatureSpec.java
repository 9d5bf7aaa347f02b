package io.dynakey.trainer.data;

import java.util.List;
import java.util.Map;

/**
 * How one CSV column becomes one device feature: a raw {@code long} in {@code unit}, i.e. the
 * cell's decimal value times {@code 10^scale}, rounded half-even.
 *
 * @param column     CSV column name
 * @param id         device feature id ({@link io.dynakey.models.FeatureIds})
 * @param unit       unit of the raw integer, a {@code io.dynakey.models.FeatureUnits} name (model header)
 * @param scale      decimal scale: raw = value x 10^scale
 * @param encoding   numeric or categorical
 * @param missing    raw value for a missing cell ({@code -} or empty), or {@code null}: missing is an error
 * @param quantizer  {@code log} (counts spanning decades), {@code linear}, or {@code auto}
 * @param categories categorical codes: category i (0-based) has code i+1, missing has code 0;
 *                   {@code null} means "the sorted distinct values seen in the data"
 * @param synonyms   normalised cell text to replacement text, applied before parsing
 *                   (e.g. {@code true -> 1})
 * @param keepCase   true to keep the letter case of cells (e.g. Zeek's history flags, where
 *                   case tells the direction); surrounding space is stripped either way
 * @param attacker   the threat model: the raw values an attacker can give this feature, or
 *                   {@code null} when the attacker does not control it (the default)
 */
public record FeatureSpec(String column, int id, String unit, int scale, Encoding encoding, Long missing,
                          String quantizer, List<String> categories, Map<String, String> synonyms,
                          boolean keepCase, AttackerBounds attacker) {

    /**
     * The raw values (this feature's unit times {@code 10^scale}) an attacker who controls the
     * feature can choose, both ends inclusive; see {@code docs/threat-model.md}.
     *
     * @param min smallest raw value the attacker can produce
     * @param max largest raw value the attacker can produce, at least {@code min}
     */
    public record AttackerBounds(long min, long max) {
        /** @throws IllegalArgumentException if {@code min > max} */
        public AttackerBounds {
            if (min > max) {
                throw new IllegalArgumentException("attacker bounds " + min + ".." + max + " are empty");
            }
        }
    }

    /** @return true if the threat model lets an attacker choose this feature's value */
    public boolean attackerControlled() {
        return attacker != null;
    }

    /** How a cell is read. */
    public enum Encoding {
        /** A decimal number. */
        NUMERIC,
        /** A category name mapped to an ordinal code (missing = 0). */
        CATEGORICAL
    }

    /** @return the cell as this feature reads it: stripped, lower-cased unless {@link #keepCase} */
    public String normalise(String cell) {
        return keepCase ? cell.strip() : Schema.normalise(cell);
    }

    /** @return a copy with the given category list (after auto-discovery) */
    public FeatureSpec withCategories(List<String> resolved) {
        return new FeatureSpec(column, id, unit, scale, encoding, missing, quantizer, List.copyOf(resolved), synonyms, keepCase,
                attacker);
    }
}
