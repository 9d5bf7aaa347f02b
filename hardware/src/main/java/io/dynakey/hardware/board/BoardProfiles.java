package io.dynakey.hardware.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Loads board profiles: the built-in ones ({@code boards/*.properties} on the classpath) or a file. */
public final class BoardProfiles {

    private static final String[] FIGURES = {
        "flash.internal", "flash.external", "ram.internal", "ram.external", "javaheap"};

    private BoardProfiles() {
    }

    /** The profiles shipped with dynakey, in the order of {@code boards/boards.list}. */
    public static List<BoardProfile> builtIn() throws BoardProfileException {
        List<BoardProfile> out = new ArrayList<>();
        for (String id : readResource("boards/boards.list").split("\n")) {
            String trimmed = id.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                out.add(parse("boards/" + trimmed + ".properties", readResource("boards/" + trimmed + ".properties")));
            }
        }
        return out;
    }

    /** Reads one profile file. */
    public static BoardProfile load(Path file) throws BoardProfileException {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BoardProfileException("cannot read board profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the text of one profile; {@code origin} names it in errors. */
    public static BoardProfile parse(String origin, String text) throws BoardProfileException {
        Properties p = new Properties();
        try (Reader r = new java.io.StringReader(text)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new BoardProfileException(origin + ": not a properties file: " + e.getMessage(), e);
        }
        Map<String, String> sources = new HashMap<>();
        for (String figure : FIGURES) {
            String source = p.getProperty(figure + ".source", "").strip();
            if (source.isEmpty()) {
                throw new BoardProfileException(origin + ": " + figure + ".bytes has no " + figure + ".source (every figure needs its datasheet source)");
            }
            sources.put(figure, source);
        }
        try {
            return new BoardProfile(required(p, origin, "id"), required(p, origin, "name"), p.getProperty("mcu", ""),
                    bytes(p, origin, "flash.internal.bytes"), bytes(p, origin, "flash.external.bytes"),
                    bytes(p, origin, "ram.internal.bytes"), bytes(p, origin, "ram.external.bytes"),
                    bytes(p, origin, "javaheap.bytes"),
                    (int) bytes(p, origin, "budget.flash.percent"), (int) bytes(p, origin, "budget.heap.percent"),
                    sources);
        } catch (IllegalArgumentException e) {
            throw new BoardProfileException(origin + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String origin, String key) throws BoardProfileException {
        String v = p.getProperty(key, "").strip();
        if (v.isEmpty()) {
            throw new BoardProfileException(origin + ": missing " + key);
        }
        return v;
    }

    private static long bytes(Properties p, String origin, String key) throws BoardProfileException {
        String v = required(p, origin, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BoardProfileException(origin + ": " + key + " is not a whole number: '" + v + "'");
        }
    }

    private static String readResource(String name) throws BoardProfileException {
        try (InputStream in = BoardProfiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new BoardProfileException("built-in board resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BoardProfileException("cannot read built-in board resource " + name, e);
        }
    }
}
