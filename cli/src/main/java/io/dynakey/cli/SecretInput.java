package io.dynakey.cli;

import io.dynakey.trainer.sign.BoundedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads a secret written as hex from where a command is told to find it: a file, an environment
 * variable (named on the command line, never its value), or an interactive prompt. A secret given
 * on the command line would show in {@code ps} and in the shell's history, so no option takes one.
 * Messages name the source and never carry the secret or any part of it.
 */
final class SecretInput {

    private SecretInput() {
    }

    /**
     * The secret's bytes from exactly one of {@code file}, the environment variable {@code envName}
     * of {@code env}, or {@code prompted} (wiped after use).
     *
     * @param what the secret's name for messages, e.g. "factory PSK"
     * @param minBytes fewest bytes accepted
     * @param maxBytes most bytes accepted
     * @throws IllegalArgumentException naming the source, when it is missing, unreadable, not hex or of the wrong length
     */
    static byte[] hex(String what, Path file, String envName, char[] prompted, Map<String, String> env,
                      int minBytes, int maxBytes) {
        String source;
        char[] text;
        if (file != null) {
            source = "file " + file;
            try {
                byte[] raw = BoundedFiles.read(file, BoundedFiles.MAX_KEY_FILE, what + " file");
                text = new String(raw, StandardCharsets.US_ASCII).toCharArray();
                Arrays.fill(raw, (byte) 0);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the " + what + ": " + SecretSafeErrors.describe(e));
            }
        } else if (envName != null) {
            source = "environment variable " + envName;
            String v = env.get(envName);
            if (v == null) {
                throw new IllegalArgumentException("the " + what + " is not set: no " + source);
            }
            text = v.toCharArray();
        } else if (prompted != null) {
            source = "the prompt";
            text = prompted.clone();
            Arrays.fill(prompted, '\0');
        } else {
            throw new IllegalArgumentException("no " + what + " given");
        }
        try {
            return parse(what, source, text, minBytes, maxBytes);
        } finally {
            Arrays.fill(text, '\0');
        }
    }

    /** Hex digits to bytes without making a String of the secret. */
    private static byte[] parse(String what, String source, char[] text, int minBytes, int maxBytes) {
        int start = 0;
        int end = text.length;
        while (start < end && Character.isWhitespace(text[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(text[end - 1])) {
            end--;
        }
        int digits = end - start;
        if (digits % 2 != 0 || digits / 2 < minBytes || digits / 2 > maxBytes) {
            throw new IllegalArgumentException("the " + what + " from " + source + " must be " + 2 * minBytes + ".."
                    + 2 * maxBytes + " hex characters (an even number), not " + digits);
        }
        byte[] out = new byte[digits / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text[start + 2 * i], 16);
            int lo = Character.digit(text[start + 2 * i + 1], 16);
            if (hi < 0 || lo < 0) {
                Arrays.fill(out, (byte) 0);
                throw new IllegalArgumentException("the " + what + " from " + source + " is not hex");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** The message for an old option that took the secret itself ({@code option}); the value is not repeated. */
    static String refused(String option, String what, String instead) {
        return option + " is refused: a " + what + " on the command line shows in ps and in the shell history; use "
                + instead;
    }
}
