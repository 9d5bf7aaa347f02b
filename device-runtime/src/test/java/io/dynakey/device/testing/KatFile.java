package io.dynakey.device.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known-answer vectors from a class-path text file: {@code name = hex} lines, vectors separated
 * by blank lines, {@code #} comments. Shared by the device's and the shrunk image's KAT tests.
 */
public final class KatFile {

    private KatFile() {
    }

    /** The vectors of {@code resource} (e.g. {@code /kat/xwing.txt}), each as name to bytes, in file order. */
    public static List<Map<String, byte[]>> read(String resource) {
        List<Map<String, byte[]>> vectors = new ArrayList<>();
        try (InputStream in = KatFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no KAT resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            Map<String, byte[]> current = new LinkedHashMap<>();
            for (String line; (line = r.readLine()) != null; ) {
                line = line.trim();
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.isEmpty()) {
                    if (!current.isEmpty()) {
                        vectors.add(current);
                        current = new LinkedHashMap<>();
                    }
                    continue;
                }
                int eq = line.indexOf(" = ");
                if (eq < 0) {
                    throw new IllegalArgumentException(resource + ": not a 'name = hex' line: " + line);
                }
                current.put(line.substring(0, eq), Hex.decode(line.substring(eq + 3)));
            }
            if (!current.isEmpty()) {
                vectors.add(current);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vectors;
    }
}
