package io.dynakey.devicetools.portability;

/**
 * One breach of a {@link Rule}.
 *
 * @param rule the rule broken
 * @param className internal name of the class that breaks it
 * @param where method ({@code name+descriptor}) or {@code "class"} where it happens
 * @param detail what was found: for {@link Rule#API} the class ({@code java/nio/ByteBuffer}) or
 *     member ({@code java/lang/String#format(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;})
 */
public record Violation(Rule rule, String className, String where, String detail) {

    @Override
    public String toString() {
        return rule + " in " + className.replace('/', '.') + " (" + where + "): " + detail;
    }
}
