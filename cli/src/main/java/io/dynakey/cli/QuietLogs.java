package io.dynakey.cli;

/** Log levels for commands whose own output is the point: warnings only, Californium's errors only. */
final class QuietLogs {

    private QuietLogs() {
    }

    /** Sets the quiet levels unless the user chose others with {@code -D} (slf4j-simple reads them at first use). */
    static void apply() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.californium", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
