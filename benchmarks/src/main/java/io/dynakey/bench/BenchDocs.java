package io.dynakey.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code docs/benchmarks.md}: each benchmark owns one {@code ## } section and rewrites only that. */
public final class BenchDocs {

    private BenchDocs() {
    }

    /** Replaces (or appends) the section under {@code heading} (e.g. {@code ## Ledger}), leaving the others alone. */
    public static void writeSection(Path file, String heading, String body) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        int start = text.indexOf("\n" + heading + "\n");
        String section = heading + "\n\n" + body.strip() + "\n";
        if (start < 0) {
            text = text.stripTrailing() + "\n\n" + section;
        } else {
            int end = text.indexOf("\n## ", start + 1);
            text = text.substring(0, start + 1) + section + (end < 0 ? "" : "\n" + text.substring(end + 1));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }
}
