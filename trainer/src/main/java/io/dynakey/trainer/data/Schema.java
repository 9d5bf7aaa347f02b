package io.dynakey.trainer.data;

import io.dynakey.models.FeatureIds;
import io.dynakey.models.FeatureUnits;
import io.dynakey.trainer.sign.BoundedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The mapping of one labelled CSV onto device features (a Java properties file; the format is in
 * {@code docs/trainer.md}). Immutable.
 *
 * @param name         data set name (provenance)
 * @param labelColumn  column holding the binary label
 * @param benign       normalised label values that mean benign; every other value is an attack
 * @param labelValues  if not empty, the only label values allowed; each must have rows
 * @param classColumn  optional multi-class column ({@code null} when absent); every benign row
 *                     is class {@link #BENIGN}, an attack row with a missing cell is {@link #ATTACK}
 * @param groupColumn  optional column naming the capture or device ({@code null} when absent)
 * @param groupPattern optional regex whose first group extracts the group from the cell
 * @param ignored      columns read but not used
 * @param features     feature columns, in model order
 * @param source       where this schema came from (for messages)
 * @param published    published results to compare with ({@code published.*} keys without the
 *                     prefix, e.g. {@code f1}, {@code fpr}, {@code note})
 * @param attackerEpsilon the attacker's budget in quantized steps ({@code attacker.epsilon}) that
 *                     {@code dynakey train --robust} trains against by default; 0 when absent
 */
public record Schema(String name, String labelColumn, Set<String> benign, List<String> labelValues,
                     String classColumn, String groupColumn, Pattern groupPattern, Set<String> ignored,
                     List<FeatureSpec> features, String source, Map<String, String> published, int attackerEpsilon) {

    /** Name of the benign class in binary models. */
    public static final String BENIGN = "benign";
    /** Name of the attack class in binary models. */
    public static final String ATTACK = "attack";

    /** Reads a schema file (at most {@link BoundedFiles#MAX_TEXT_FILE} bytes). */
    public static Schema read(Path file) throws IOException, DataException {
        byte[] text = BoundedFiles.read(file, BoundedFiles.MAX_TEXT_FILE, "schema file");
        return read(new java.io.ByteArrayInputStream(text), file.toString());
    }

    /** Reads a schema from a stream (e.g. a class-path resource). */
    public static Schema read(InputStream in, String source) throws IOException, DataException {
        Properties p = new Properties();
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        return parse(p, source);
    }

    /** Parses schema properties; every problem names the offending key. */
    public static Schema parse(Properties p, String source) throws DataException {
        String name = p.getProperty("name", "unnamed").trim();
        String label = required(p, "label.column", source);
        Set<String> benign = new HashSet<>(list(p.getProperty("label.benign", "")));
        if (benign.isEmpty()) {
            throw new DataException(source, 0, null, "key 'label.benign' must name at least one benign label value");
        }
        List<String> values = list(p.getProperty("label.values", ""));
        String cls = blankToNull(p.getProperty("class.column"));
        String group = blankToNull(p.getProperty("group.column"));
        Pattern pattern = null;
        String pat = blankToNull(p.getProperty("group.pattern"));
        if (pat != null) {
            try {
                pattern = Pattern.compile(pat);
            } catch (PatternSyntaxException e) {
                throw new DataException(source, 0, null, "key 'group.pattern' is not a valid regular expression: " + e.getDescription());
            }
        }
        Set<String> ignored = new HashSet<>(rawList(p.getProperty("ignore", "")));
        List<String> order = rawList(required(p, "features", source));
        List<FeatureSpec> features = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (String col : order) {
            FeatureSpec f = feature(p, col, source);
            if (!ids.add(f.id())) {
                throw new DataException(source, 0, col, "feature id " + f.id() + " is used twice");
            }
            features.add(f);
        }
        Set<String> seen = new HashSet<>();
        for (String col : order) {
            if (!seen.add(col)) {
                throw new DataException(source, 0, col, "column listed twice in 'features'");
            }
        }
        for (String col : new String[] {label, cls, group}) {
            if (col != null && (seen.contains(col) || ignored.contains(col))) {
                throw new DataException(source, 0, col, "column is both a feature/ignored and the label, class or group column");
            }
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("feature.")) {
                String rest = key.substring("feature.".length());
                int dot = rest.lastIndexOf('.');
                String col = dot < 0 ? rest : rest.substring(0, dot);
                if (!seen.contains(col)) {
                    throw new DataException(source, 0, col, "key '" + key + "' describes a column not listed in 'features'");
                }
            }
        }
        Map<String, String> published = new java.util.TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("published.")) {
                published.put(key.substring("published.".length()), p.getProperty(key).trim());
            }
        }
        return new Schema(name, label, Set.copyOf(benign), List.copyOf(values), cls, group, pattern,
                Set.copyOf(ignored), List.copyOf(features), source, Map.copyOf(published), epsilon(p, source));
    }

    private static int epsilon(Properties p, String source) throws DataException {
        int e = integer(p, "attacker.epsilon", 0, null, source);
        if (e < 0 || e > 65535) {
            throw new DataException(source, 0, null, "key 'attacker.epsilon' must be 0..65535 quantized steps");
        }
        return e;
    }

    private static FeatureSpec feature(Properties p, String col, String source) throws DataException {
        String prefix = "feature." + col + ".";
        String idText = required(p, prefix + "id", source);
        int id;
        try {
            id = Integer.parseInt(idText.trim());
        } catch (NumberFormatException e) {
            throw new DataException(source, 0, col, "key '" + prefix + "id' is not an integer: " + idText);
        }
        if (id < 1 || id > FeatureIds.MAX_ID) {
            throw new DataException(source, 0, col, "feature id " + id + " is outside 1.." + FeatureIds.MAX_ID);
        }
        String enc = p.getProperty(prefix + "encoding", "numeric").trim().toLowerCase(Locale.ROOT);
        FeatureSpec.Encoding encoding;
        switch (enc) {
            case "numeric" -> encoding = FeatureSpec.Encoding.NUMERIC;
            case "categorical" -> encoding = FeatureSpec.Encoding.CATEGORICAL;
            default -> throw new DataException(source, 0, col, "key '" + prefix + "encoding' must be numeric or categorical, not " + enc);
        }
        int scale = integer(p, prefix + "scale", 0, col, source);
        if (scale < 0 || scale > 9) {
            throw new DataException(source, 0, col, "key '" + prefix + "scale' must be 0..9");
        }
        Long missing = null;
        String m = blankToNull(p.getProperty(prefix + "missing"));
        if (m != null) {
            try {
                missing = Long.parseLong(m);
            } catch (NumberFormatException e) {
                throw new DataException(source, 0, col, "key '" + prefix + "missing' is not an integer: " + m);
            }
        }
        String quantizer = p.getProperty(prefix + "quantizer", "auto").trim().toLowerCase(Locale.ROOT);
        if (!quantizer.equals("auto") && !quantizer.equals("log") && !quantizer.equals("linear")) {
            throw new DataException(source, 0, col, "key '" + prefix + "quantizer' must be auto, log or linear");
        }
        String caseText = p.getProperty(prefix + "case", "lower").trim().toLowerCase(Locale.ROOT);
        if (!caseText.equals("lower") && !caseText.equals("keep")) {
            throw new DataException(source, 0, col, "key '" + prefix + "case' must be lower or keep");
        }
        boolean keepCase = caseText.equals("keep");
        String catText = blankToNull(p.getProperty(prefix + "categories"));
        List<String> categories = null;
        if (encoding == FeatureSpec.Encoding.CATEGORICAL && catText != null && !catText.equals("auto")) {
            categories = keepCase ? rawList(catText) : list(catText);
        }
        Map<String, String> synonyms = new LinkedHashMap<>();
        for (String pair : list(p.getProperty(prefix + "map", ""))) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new DataException(source, 0, col, "key '" + prefix + "map' needs from:to pairs, got " + pair);
            }
            synonyms.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        String unit = p.getProperty(prefix + "unit", encoding == FeatureSpec.Encoding.CATEGORICAL ? "category" : "count")
                .trim().toLowerCase(Locale.ROOT);
        if (FeatureUnits.code(unit) < 0) {
            throw new DataException(source, 0, col, "key '" + prefix + "unit' must be one of " + unitNames());
        }
        return new FeatureSpec(col, id, unit, scale, encoding, missing, quantizer, categories, Map.copyOf(synonyms), keepCase,
                attacker(p, prefix, col, source));
    }

    /**
     * The threat model of one feature: {@code feature.COL.attacker=MIN..MAX} (raw values, both
     * inclusive) says an attacker controls it within those bounds; absent means not controlled,
     * so older schemas keep their meaning.
     */
    private static FeatureSpec.AttackerBounds attacker(Properties p, String prefix, String col, String source)
            throws DataException {
        String key = prefix + "attacker";
        String v = blankToNull(p.getProperty(key));
        if (v == null) {
            return null;
        }
        int dots = v.indexOf("..");
        if (dots < 0) {
            throw new DataException(source, 0, col, "key '" + key + "' must be MIN..MAX in raw units, got " + v);
        }
        try {
            long min = Long.parseLong(v.substring(0, dots).trim());
            long max = Long.parseLong(v.substring(dots + 2).trim());
            if (min > max) {
                throw new DataException(source, 0, col, "key '" + key + "' has MIN above MAX: " + v);
            }
            return new FeatureSpec.AttackerBounds(min, max);
        } catch (NumberFormatException e) {
            throw new DataException(source, 0, col, "key '" + key + "' must be MIN..MAX with integer raw values, got " + v);
        }
    }

    /** The unit names a schema may use: those of {@link FeatureUnits}, sorted. */
    private static SortedSet<String> unitNames() {
        SortedSet<String> names = new TreeSet<>();
        for (int c = 0; c <= FeatureUnits.MAX_DEFINED; c++) {
            names.add(FeatureUnits.name(c));
        }
        return names;
    }

    private static int integer(Properties p, String key, int dflt, String col, String source) throws DataException {
        String v = blankToNull(p.getProperty(key));
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new DataException(source, 0, col, "key '" + key + "' is not an integer: " + v);
        }
    }

    private static String required(Properties p, String key, String source) throws DataException {
        String v = blankToNull(p.getProperty(key));
        if (v == null) {
            throw new DataException(source, 0, null, "missing key '" + key + "'");
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Comma separated list of normalised values (see {@link #normalise}). */
    static List<String> list(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String n = normalise(part);
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    /** Comma separated list of column names, trimmed only (column names keep their case). */
    static List<String> rawList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /**
     * The one normalisation of every cell: strip surrounding white space and lower-case, so that
     * spelling (padding, case) can never carry the label.
     */
    public static String normalise(String cell) {
        return cell.strip().toLowerCase(Locale.ROOT);
    }

    /** @return the label name ({@link #BENIGN} or {@link #ATTACK}) of a normalised label cell */
    public String binaryLabel(String normalisedCell) {
        return benign.contains(normalisedCell) ? BENIGN : ATTACK;
    }

    /** @return this schema with other features (e.g. categories filled in) */
    public Schema withFeatures(List<FeatureSpec> resolved) {
        return new Schema(name, labelColumn, benign, labelValues, classColumn, groupColumn, groupPattern, ignored,
                List.copyOf(resolved), source, published, attackerEpsilon);
    }

    /** @return the feature columns' names in model order */
    public List<String> featureColumns() {
        return features.stream().map(FeatureSpec::column).toList();
    }

    @Override
    public String toString() {
        return "Schema[" + name + ", label=" + labelColumn + ", features=" + Arrays.toString(featureColumns().toArray()) + "]";
    }
}
