package io.dynakey.console.web;

/**
 * Builds a page as text, every field-supplied string escaped: {@link #text} is the only way a
 * value enters the page, so a device id or a finding with markup in it shows as characters and
 * never becomes markup. Not thread-safe (one per response).
 */
final class Html {

    private final StringBuilder out = new StringBuilder(8192);

    /** {@code s} escaped for an element's text or a quoted attribute value. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code s} for a URL path segment: characters other than [A-Za-z0-9._-] percent-encoded (UTF-8). */
    static String pathSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** Appends trusted markup written in this code (never a field value). */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends {@code value} as text. */
    Html text(Object value) {
        out.append(escape(String.valueOf(value)));
        return this;
    }

    /** Appends {@code <tag>text</tag>}. */
    Html el(String tag, Object value) {
        return raw("<" + tag + ">").text(value).raw("</" + tag + ">");
    }

    /** Appends a link to {@code href} (built by this code, its variable parts through {@link #pathSegment}) showing {@code value}. */
    Html link(String href, Object value) {
        return raw("<a href=\"").text(href).raw("\">").text(value).raw("</a>");
    }

    /** One table row of cells, each as text. */
    Html row(Object... cells) {
        raw("<tr>");
        for (Object c : cells) {
            el("td", c);
        }
        return raw("</tr>");
    }

    /** The opening of a page: head, style, navigation, heading. */
    Html page(String title, String active) {
        raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").text(title)
                .raw(" · dynakey console</title><meta name=\"viewport\" content=\"width=device-width\">")
                .raw("<link rel=\"stylesheet\" href=\"/static/console.css\"><script src=\"/static/console.js\" defer></script>")
                .raw("</head><body><nav><b>dynakey</b>");
        for (String[] n : new String[][] {{"/", "Overview"}, {"/devices", "Devices"}, {"/ledger", "Ledger"}, {"/models", "Models"},
                {"/metrics", "Metrics"}}) {
            raw("<a href=\"" + n[0] + "\"" + (n[1].equals(active) ? " class=\"on\"" : "") + ">" + n[1] + "</a>");
        }
        raw("<span class=\"token\"><label>operator token <input id=\"token\" type=\"password\" autocomplete=\"off\""
                + " size=\"20\"></label></span></nav><main>");
        return raw("<h1>").text(title).raw("</h1>");
    }

    /** The end of a page, with the line where action results appear. */
    String end() {
        return raw("<p id=\"result\" role=\"status\"></p></main></body></html>").toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
