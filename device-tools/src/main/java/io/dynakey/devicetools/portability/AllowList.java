package io.dynakey.devicetools.portability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JDK API the device may use, and the justified exceptions, read from a text file.
 *
 * <p>One entry a line; {@code #} starts a comment:
 * <pre>
 * java/lang/StringBuilder              the class as a type and all its members
 * java/lang/System#arraycopy           the class as a type and this member (any descriptor)
 * !java/lang/String#format             never this member, whatever else allows it
 * exception org/bouncycastle/util/Pack API java/lang/Foo#bar -- why this is acceptable
 * </pre>
 * An exception names a checked class (a trailing {@code *} matches a prefix), a {@link Rule} and
 * optionally the start of the violation's detail; the text after {@code --} is required.
 */
public final class AllowList {

    /**
     * A justified exception to a rule.
     *
     * @param classPattern internal class name, or a prefix ending in {@code *}
     * @param rule the rule excused
     * @param detailPrefix start of the detail excused; empty for any
     * @param justification why it is acceptable
     * @param line line number in the file
     */
    public record Exemption(String classPattern, Rule rule, String detailPrefix, String justification, int line) {

        boolean covers(Violation v) {
            if (v.rule() != rule || !v.detail().startsWith(detailPrefix)) {
                return false;
            }
            return classPattern.endsWith("*")
                ? v.className().startsWith(classPattern.substring(0, classPattern.length() - 1))
                : v.className().equals(classPattern);
        }
    }

    private final Set<String> classes = new HashSet<>();
    private final Set<String> typesOnly = new HashSet<>();
    private final Set<String> members = new HashSet<>();
    private final Set<String> denied = new HashSet<>();
    private final List<Exemption> exemptions = new ArrayList<>();

    /** Parses an allow-list; an unreadable line is an {@link IllegalArgumentException} naming it. */
    public static AllowList parse(Reader source) throws IOException {
        AllowList list = new AllowList();
        BufferedReader in = new BufferedReader(source);
        String raw;
        int lineNo = 0;
        while ((raw = in.readLine()) != null) {
            lineNo++;
            String line = raw;
            String justification = "";
            int dashes = line.indexOf(" -- ");
            if (dashes >= 0) {
                justification = line.substring(dashes + 4).trim();
                line = line.substring(0, dashes);
            }
            int comment = commentStart(line);
            line = (comment >= 0 ? line.substring(0, comment) : line).trim();
            if (line.isEmpty()) {
                continue;
            }
            list.add(line, justification, lineNo);
        }
        return list;
    }

    /** A {@code #} at the line start or after blank space starts a comment ({@code a/B#m} is a member). */
    private static int commentStart(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    /** The allow-list shipped with device-tools ({@code microej-edc-allowlist.txt}). */
    public static AllowList bundled() {
        try (InputStream in = AllowList.class.getResourceAsStream("/microej-edc-allowlist.txt")) {
            if (in == null) {
                throw new IllegalStateException("microej-edc-allowlist.txt is missing from device-tools");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the allow-list", e);
        }
    }

    private void add(String line, String justification, int lineNo) {
        String[] words = line.split("\\s+");
        if (words[0].equals("exception")) {
            if (words.length < 3 || words.length > 4 || justification.isEmpty()) {
                throw new IllegalArgumentException("line " + lineNo
                    + ": exception needs <class> <RULE> [<detail>] -- <justification>");
            }
            Rule rule;
            try {
                rule = Rule.valueOf(words[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": unknown rule " + words[2], e);
            }
            exemptions.add(new Exemption(words[1], rule, words.length == 4 ? words[3] : "", justification, lineNo));
            return;
        }
        if (words.length != 1 || words[0].contains(".")) {
            throw new IllegalArgumentException("line " + lineNo + ": expected one internal name like java/lang/Object, got: " + line);
        }
        String entry = words[0];
        if (entry.startsWith("!")) {
            denied.add(entry.substring(1));
        } else if (entry.indexOf('#') > 0) {
            members.add(entry);
            typesOnly.add(entry.substring(0, entry.indexOf('#')));
        } else {
            classes.add(entry);
        }
    }

    /** Whether the class may appear as a type (field, parameter, cast, superclass...). */
    public boolean allowsType(String internalName) {
        return !denied.contains(internalName) && (classes.contains(internalName) || typesOnly.contains(internalName));
    }

    /** Whether a member (by name) of a JDK class, or the whole class, is on the deny list. */
    public boolean denies(String owner, String name) {
        return denied.contains(owner + "#" + name) || denied.contains(owner);
    }

    /** Whether a member (method or field, by name) of a JDK class may be used. */
    public boolean allowsMember(String owner, String name) {
        String key = owner + "#" + name;
        if (denied.contains(key) || denied.contains(owner)) {
            return false;
        }
        return classes.contains(owner) || members.contains(key);
    }

    /** The exemptions, in file order. */
    public List<Exemption> exemptions() {
        return Collections.unmodifiableList(exemptions);
    }
}
