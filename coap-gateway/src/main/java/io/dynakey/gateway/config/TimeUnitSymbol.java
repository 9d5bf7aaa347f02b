package io.dynakey.gateway.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The units a duration is written in, with their symbols: {@code ms}, {@code s}, {@code min},
 * {@code h}, {@code d}. (A bare {@code m} is refused: minutes or milliseconds?)
 */
public enum TimeUnitSymbol {
    MILLISECONDS("ms", Duration.ofMillis(1)),
    SECONDS("s", Duration.ofSeconds(1)),
    MINUTES("min", Duration.ofMinutes(1)),
    HOURS("h", Duration.ofHours(1)),
    DAYS("d", Duration.ofDays(1));

    private final String symbol;
    private final Duration length;

    TimeUnitSymbol(String symbol, Duration length) {
        this.symbol = symbol;
        this.length = length;
    }

    /** How the unit is written after a number, e.g. {@code min}. */
    public String symbol() {
        return symbol;
    }

    /** One of this unit. */
    public Duration length() {
        return length;
    }

    /** The unit written {@code symbol} (case-insensitive), or null. */
    public static TimeUnitSymbol of(String symbol) {
        String s = symbol.toLowerCase(Locale.ROOT);
        for (TimeUnitSymbol u : values()) {
            if (u.symbol.equals(s)) {
                return u;
            }
        }
        return null;
    }

    /** Every symbol, for messages: {@code ms, s, min, h, d}. */
    public static String symbols() {
        StringBuilder b = new StringBuilder();
        for (TimeUnitSymbol u : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(u.symbol);
        }
        return b.toString();
    }

    /** Whether {@code d} is a whole number of this unit. */
    boolean divides(Duration d) {
        if (this == MILLISECONDS) {
            return d.getNano() % 1_000_000 == 0;
        }
        return d.getNano() == 0 && d.getSeconds() % length.getSeconds() == 0;
    }

    /** How many of this unit {@code d} is (a whole number of it). */
    private long count(Duration d) {
        return this == MILLISECONDS ? d.toMillis() : d.getSeconds() / length.getSeconds();
    }

    /**
     * Parses a duration written as a whole number and a unit symbol ({@code 250ms}, {@code 30s},
     * {@code 5min}, {@code 24h}, {@code 7d}; blanks between them allowed).
     *
     * @throws IllegalArgumentException whose message completes "'text' ..." (no unit, unknown unit, not a number)
     */
    public static Duration parse(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("is not a duration: write a whole number and a unit (" + symbols() + "), e.g. 30s");
        }
        String unitText = text.substring(i).strip();
        if (unitText.isEmpty()) {
            throw new IllegalArgumentException("has no unit: write it with one of " + symbols() + ", e.g. " + text + "s");
        }
        TimeUnitSymbol unit = of(unitText);
        if (unit == null) {
            throw new IllegalArgumentException("has an unknown unit '" + unitText + "' (use one of " + symbols() + ")");
        }
        try {
            return unit.length.multipliedBy(Long.parseLong(text.substring(0, i)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("is too long a duration");
        }
    }

    /**
     * Writes {@code d} in the largest unit of which it is a whole number, not finer than
     * {@code finest} ({@code 0} in {@code finest}); a value finer than {@code finest} (only in
     * messages about it) in the largest unit that fits, down to ISO-8601 for sub-milliseconds.
     */
    public static String format(Duration d, TimeUnitSymbol finest) {
        if (d.isZero()) {
            return "0" + finest.symbol;
        }
        TimeUnitSymbol[] all = values();
        for (int u = all.length - 1; u >= 0; u--) {
            if (all[u].divides(d)) {
                return all[u].count(d) + all[u].symbol;
            }
        }
        return d.toString();
    }
}
