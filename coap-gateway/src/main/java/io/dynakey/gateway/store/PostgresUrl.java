package io.dynakey.gateway.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a {@link PostgresDeviceKeyStore} lives: {@code postgres://HOST[:PORT]/DATABASE[?user=U&password=P&...]}
 * (also {@code postgresql://}). Query parameters other than {@code user} and {@code password}
 * are passed to pgjdbc as connection properties. {@link #toString()} and {@link #redacted()}
 * never show the password.
 */
public final class PostgresUrl {

    private static final Pattern FORM = Pattern.compile(
            "(?:postgres|postgresql)://([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:]+\\])(?::(\\d{1,5}))?/([A-Za-z0-9_][A-Za-z0-9_$-]*)(?:\\?(.*))?");

    private final String host;
    private final int port;
    private final String database;
    private final Map<String, String> parameters;

    private PostgresUrl(String host, int port, String database, Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.parameters = parameters;
    }

    /** True if {@code text} starts like a PostgreSQL URL (the store setting's way to choose the engine). */
    public static boolean looksLikeOne(String text) {
        return text != null && (text.startsWith("postgres://") || text.startsWith("postgresql://"));
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the expected form (never echoing a password)
     */
    public static PostgresUrl parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("a PostgreSQL store is postgres://HOST[:PORT]/DATABASE[?user=NAME&password=...]");
        }
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("PostgreSQL port out of range 1..65535");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (m.group(4) != null && !m.group(4).isEmpty()) {
            for (String pair : m.group(4).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("PostgreSQL URL parameters are NAME=VALUE, joined by &");
                }
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new PostgresUrl(m.group(1), port, m.group(3), params);
    }

    /** A URL for {@code database} on {@code host:port} as {@code user}, without password. */
    public static PostgresUrl of(String host, int port, String database, String user) {
        return parse("postgres://" + host + ":" + port + "/" + database + "?user=" + user);
    }

    /** True if the URL carries a password. */
    public boolean hasPassword() {
        return parameters.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("password"));
    }

    /** This URL with {@code password} (read from a file, say) for the connection. */
    public PostgresUrl withPassword(String password) {
        Map<String, String> p = new LinkedHashMap<>(parameters);
        p.put("password", password);
        return new PostgresUrl(host, port, database, p);
    }

    /** The pgjdbc URL, without credentials (they go in {@link #properties()}). */
    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Connection properties: user, password and the other query parameters. */
    Properties properties() {
        Properties p = new Properties();
        parameters.forEach(p::setProperty);
        return p;
    }

    /** The database name. */
    public String database() {
        return database;
    }

    /** The URL with the password, if any, replaced by {@code ***}. */
    public String redacted() {
        StringBuilder b = new StringBuilder("postgres://").append(host).append(':').append(port).append('/').append(database);
        char sep = '?';
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getKey().equalsIgnoreCase("password") ? "***" : e.getValue());
            sep = '&';
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
