package io.dynakey.gateway.config;

import java.util.List;

/**
 * The gateway's settings described for people: one line per setting for the configuration
 * template, and the Markdown table of {@code docs/architecture.md}.
 */
public final class SettingsTable {

    private SettingsTable() {
    }

    /** Type, unit, bounds and default of {@code s} on one line, e.g. {@code duration in whole s (written with ms, s, min, h, d), 0s .. 30d, default 10min}. */
    public static String describe(Setting<?> s) {
        StringBuilder b = new StringBuilder(typeAndUnit(s));
        if (!s.bounds().isEmpty()) {
            b.append(", ").append(s.bounds());
        }
        return b.append(", default ").append(defaultText(s)).toString();
    }

    /** The Markdown table of {@code settings}: key, type, unit, default, bounds, meaning. */
    public static String markdown(List<Setting<?>> settings) {
        StringBuilder b = new StringBuilder();
        b.append("| key | type | unit | default | bounds | meaning |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Setting<?> s : settings) {
            b.append("| `").append(s.key()).append("` | ").append(s.typeName()).append(" | ")
                    .append(cell(s.unit())).append(" | ").append(cell(defaultText(s))).append(" | ")
                    .append(cell(s.bounds())).append(" | ").append(s.documentation().replace("|", "\\|").replace("<", "\\<")).append(" |\n");
        }
        return b.toString();
    }

    private static String typeAndUnit(Setting<?> s) {
        if (s instanceof DurationSetting d) {
            return "duration in whole " + d.unit() + " (written with " + TimeUnitSymbol.symbols() + ")";
        }
        return s.unit().isEmpty() ? s.typeName() : s.typeName() + " (" + s.unit() + ")";
    }

    private static String cell(String text) {
        return text.isEmpty() ? "-" : text.replace("|", "\\|");
    }

    private static <T> String defaultText(Setting<T> s) {
        T d = s.defaultValue();
        return d == null ? "unset" : s.write(d);
    }
}
