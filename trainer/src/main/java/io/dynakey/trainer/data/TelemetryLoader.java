package io.dynakey.trainer.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * Streams a labelled CSV through a {@link Schema} into {@link Telemetry}. Every bad cell stops
 * the load with a {@link DataException} naming file, line and column. Not thread-safe; one
 * loader per load.
 */
public final class TelemetryLoader {

    private final Schema schema;

    public TelemetryLoader(Schema schema) {
        this.schema = schema;
    }

    /** Loads a whole file. */
    public Telemetry load(Path csv, ProgressListener progress) throws IOException, DataException {
        long size = Files.size(csv);
        try (CountingStream in = new CountingStream(Files.newInputStream(csv))) {
            return load(in, csv.getFileName().toString(), size, progress);
        }
    }

    /** Loads from a stream; {@code name} is used in messages, {@code size} may be -1. */
    public Telemetry load(InputStream stream, String name, long size, ProgressListener progress)
            throws IOException, DataException {
        CountingStream counting = stream instanceof CountingStream c ? c : new CountingStream(stream);
        CsvReader csv = new CsvReader(new InputStreamReader(counting, StandardCharsets.UTF_8), name);
        List<String> header = csv.next();
        if (header == null) {
            throw new DataException(name, 0, null, "empty file: no header line");
        }
        Columns cols = bindHeader(header, name);
        List<FeatureSpec> features = schema.features();
        int nf = features.size();
        LongColumn[] values = new LongColumn[nf];
        for (int f = 0; f < nf; f++) {
            values[f] = new LongColumn();
        }
        LongColumn lines = new LongColumn();
        IntColumn attack = new IntColumn();
        List<String> classText = new ArrayList<>();
        List<String> groupText = schema.groupColumn() == null ? null : new ArrayList<>();
        List<Map<String, Long>> autoCategories = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            autoCategories.add(features.get(f).encoding() == FeatureSpec.Encoding.CATEGORICAL
                    && features.get(f).categories() == null ? new HashMap<>() : null);
        }
        Set<String> labelsSeen = new LinkedHashSet<>();
        long lastReport = 0;
        List<String> row;
        while ((row = csv.next()) != null) {
            long line = csv.line();
            if (row.size() != header.size()) {
                throw new DataException(name, line, null, "line has " + row.size() + " fields, the header has " + header.size());
            }
            String label = Schema.normalise(row.get(cols.label));
            if (label.isEmpty() || label.equals("-")) {
                throw new DataException(name, line, schema.labelColumn(), "empty label");
            }
            if (!schema.labelValues().isEmpty() && !schema.labelValues().contains(label)) {
                throw new DataException(name, line, schema.labelColumn(), "label '" + label + "' is not one of label.values " + schema.labelValues());
            }
            labelsSeen.add(label);
            String binary = schema.binaryLabel(label);
            attack.add(binary.equals(Schema.ATTACK) ? 1 : 0);
            String cls = binary;
            if (cols.cls >= 0 && binary.equals(Schema.ATTACK)) {
                String c = Schema.normalise(row.get(cols.cls));
                if (!c.isEmpty() && !c.equals("-")) {
                    cls = c;
                }
            }
            classText.add(cls);
            if (groupText != null) {
                groupText.add(group(row.get(cols.group), name, line));
            }
            for (int f = 0; f < nf; f++) {
                FeatureSpec spec = features.get(f);
                values[f].add(cell(spec, row.get(cols.features[f]), autoCategories.get(f), name, line));
            }
            lines.add(line);
            if (counting.count - lastReport > (1 << 20)) {
                lastReport = counting.count;
                progress.progress(counting.count, size, attack.size);
            }
        }
        progress.progress(counting.count, size, attack.size);
        if (attack.size == 0) {
            throw new DataException(name, 0, null, "no data rows after the header");
        }
        for (String v : schema.labelValues()) {
            if (!labelsSeen.contains(v)) {
                throw new DataException(name, 0, schema.labelColumn(), "class '" + v + "' (from label.values) has no rows");
            }
        }
        int attacks = 0;
        for (int i = 0; i < attack.size; i++) {
            attacks += attack.data[i];
        }
        if (attacks == 0 || attacks == attack.size) {
            throw new DataException(name, 0, schema.labelColumn(), "only one class ("
                    + (attacks == 0 ? "benign" : "attack") + ", labels seen " + labelsSeen
                    + "): a classifier needs both benign and attack rows; check label.benign");
        }
        List<FeatureSpec> resolved = new ArrayList<>(features);
        long[][] columns = new long[nf][];
        for (int f = 0; f < nf; f++) {
            columns[f] = values[f].trimmed();
            Map<String, Long> auto = autoCategories.get(f);
            if (auto != null) {
                List<String> sorted = new ArrayList<>(new TreeSet<>(auto.keySet()));
                long[] remap = new long[auto.size() + 1];
                for (Map.Entry<String, Long> e : auto.entrySet()) {
                    remap[e.getValue().intValue()] = sorted.indexOf(e.getKey()) + 1L;
                }
                for (int r = 0; r < columns[f].length; r++) {
                    columns[f][r] = remap[(int) columns[f][r]];
                }
                resolved.set(f, features.get(f).withCategories(sorted));
            }
        }
        Schema done = schema.withFeatures(resolved);
        Coded classes = code(classText);
        Coded groups = groupText == null ? null : code(groupText);
        return new Telemetry(done, name, columns, attack.trimmed(), classes.codes, classes.names,
                groups == null ? null : groups.codes, groups == null ? List.of() : groups.names, lines.trimmed());
    }

    private String group(String cell, String name, long line) throws DataException {
        String g = cell.strip();
        if (schema.groupPattern() != null) {
            Matcher m = schema.groupPattern().matcher(g);
            if (!m.find()) {
                throw new DataException(name, line, schema.groupColumn(), "'" + g + "' does not match group.pattern");
            }
            g = m.groupCount() >= 1 ? m.group(1) : m.group();
        }
        return g;
    }

    /** Converts one cell; public for the device-side tools and tests that map single values. */
    static long cell(FeatureSpec spec, String raw, Map<String, Long> auto, String name, long line)
            throws DataException {
        String text = spec.normalise(raw);
        String mapped = spec.synonyms().get(text);
        if (mapped != null) {
            text = mapped;
        }
        boolean missing = text.isEmpty() || text.equals("-");
        if (spec.encoding() == FeatureSpec.Encoding.CATEGORICAL) {
            if (missing) {
                return 0;
            }
            if (auto != null) {
                Long code = auto.get(text);
                if (code == null) {
                    code = (long) auto.size() + 1;
                    auto.put(text, code);
                }
                return code;
            }
            int i = spec.categories().indexOf(text);
            if (i < 0) {
                throw new DataException(name, line, spec.column(), "unknown category '" + text + "' (known: " + spec.categories() + ")");
            }
            return i + 1L;
        }
        if (missing) {
            if (spec.missing() == null) {
                throw new DataException(name, line, spec.column(), "missing value '" + raw + "' and the schema gives no 'missing' value for this column");
            }
            return spec.missing();
        }
        long plain = plainInteger(text);
        if (plain != Long.MIN_VALUE) {
            try {
                return Math.multiplyExact(plain, POW10[spec.scale()]);
            } catch (ArithmeticException e) {
                throw new DataException(name, line, spec.column(), "'" + raw.strip() + "' x 10^" + spec.scale() + " does not fit a 64-bit integer");
            }
        }
        if (text.contains("nan") || text.contains("inf")) {
            throw new DataException(name, line, spec.column(), "'" + raw.strip() + "' is NaN or infinite; a device counter is always a finite number");
        }
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new DataException(name, line, spec.column(), "'" + raw.strip() + "' is not a number");
        }
        try {
            return d.movePointRight(spec.scale()).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        } catch (ArithmeticException e) {
            throw new DataException(name, line, spec.column(), "'" + raw.strip() + "' x 10^" + spec.scale() + " does not fit a 64-bit integer");
        }
    }

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L};

    /** Fast path: an optionally signed run of at most 18 digits, else {@code Long.MIN_VALUE}. */
    private static long plainInteger(String t) {
        int n = t.length();
        int i = n > 0 && t.charAt(0) == '-' ? 1 : 0;
        if (n == i || n - i > 18) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (int k = i; k < n; k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return i == 1 ? -v : v;
    }

    private Columns bindHeader(List<String> header, String name) throws DataException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String col = header.get(i).strip();
            if (index.put(col, i) != null) {
                throw new DataException(name, 1, col, "column appears twice in the header");
            }
        }
        Set<String> known = new TreeSet<>();
        Columns c = new Columns();
        c.label = require(index, schema.labelColumn(), name, "label");
        known.add(schema.labelColumn());
        if (schema.classColumn() != null) {
            c.cls = require(index, schema.classColumn(), name, "class");
            known.add(schema.classColumn());
        }
        if (schema.groupColumn() != null) {
            c.group = require(index, schema.groupColumn(), name, "group");
            known.add(schema.groupColumn());
        }
        c.features = new int[schema.features().size()];
        for (int f = 0; f < c.features.length; f++) {
            c.features[f] = require(index, schema.features().get(f).column(), name, "feature");
            known.add(schema.features().get(f).column());
        }
        for (String ig : schema.ignored()) {
            require(index, ig, name, "ignored");
            known.add(ig);
        }
        for (String col : new TreeMap<>(index).keySet()) {
            if (!known.contains(col)) {
                throw new DataException(name, 1, col, "extra column: the schema " + schema.source()
                        + " does not say what it is (add it to 'features' or 'ignore')");
            }
        }
        return c;
    }

    private static int require(Map<String, Integer> index, String col, String name, String role) throws DataException {
        Integer i = index.get(col);
        if (i == null) {
            throw new DataException(name, 1, col, "missing column: the schema names it as a " + role + " column but the header has no such column");
        }
        return i;
    }

    private static Coded code(List<String> text) {
        List<String> names = new ArrayList<>(new TreeSet<>(text));
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            idx.put(names.get(i), i);
        }
        int[] codes = new int[text.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = idx.get(text.get(i));
        }
        return new Coded(codes, List.copyOf(names));
    }

    private record Coded(int[] codes, List<String> names) {
    }

    private static final class Columns {
        int label = -1;
        int cls = -1;
        int group = -1;
        int[] features;
    }

    private static final class LongColumn {
        long[] data = new long[1024];
        int size;

        void add(long v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        long[] trimmed() {
            return Arrays.copyOf(data, size);
        }
    }

    private static final class IntColumn {
        int[] data = new int[1024];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        int[] trimmed() {
            return Arrays.copyOf(data, size);
        }
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
