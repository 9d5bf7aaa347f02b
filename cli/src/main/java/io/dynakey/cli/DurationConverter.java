package io.dynakey.cli;

import io.dynakey.gateway.config.TimeUnitSymbol;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option as the gateway's configuration file writes one: a whole number and a
 * unit, {@code 250ms}, {@code 30s}, {@code 5min}, {@code 24h} or {@code 7d} ({@link TimeUnitSymbol}).
 * Registered for every {@link Duration} option by {@link Main#commandLine()}.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return TimeUnitSymbol.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value.strip() + "' " + e.getMessage());
        }
    }

    /** {@code d} as the options take it, e.g. {@code 5min}. */
    static String format(Duration d) {
        return TimeUnitSymbol.format(d, TimeUnitSymbol.MILLISECONDS);
    }
}
