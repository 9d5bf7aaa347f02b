package io.dynakey.gateway.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** A file or directory setting, written as a path (relative to the working directory unless absolute). Immutable. */
public final class PathSetting extends Setting<Path> {

    /** A setting of {@code key} with default {@code def} (null: optional, unset by default). */
    public PathSetting(String key, String documentation, Path def) {
        super(key, documentation, def);
    }

    @Override
    public String typeName() {
        return "path";
    }

    @Override
    Path read(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a path: " + e.getReason());
        }
    }

    @Override
    String format(Path value) {
        return value.toString();
    }

    @Override
    String outOfBounds(Path value) {
        String text = value.toString();
        return text.isEmpty() ? "is empty" : !text.equals(text.strip()) ? "has blanks at an end" : null;
    }
}
