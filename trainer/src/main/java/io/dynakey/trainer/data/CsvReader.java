package io.dynakey.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming RFC 4180 reader: comma separated, double-quoted fields with {@code ""} escapes and
 * embedded line breaks, LF or CRLF line ends, an optional UTF-8 byte order mark. Not thread-safe.
 */
public final class CsvReader implements AutoCloseable {

    private final BufferedReader in;
    private final String file;
    private long line;
    private long nextLine = 1;
    private boolean first = true;

    /**
     * @param in   characters to read (the caller decodes bytes; a leading U+FEFF is skipped)
     * @param file file name for error messages
     */
    public CsvReader(Reader in, String file) {
        this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        this.file = file;
    }

    /** @return the 1-based line on which the record last returned by {@link #next()} started */
    public long line() {
        return line;
    }

    /**
     * Reads one record.
     *
     * @return the fields, or {@code null} at the end of input; blank lines are skipped
     * @throws DataException on an unterminated quoted field
     */
    public List<String> next() throws IOException, DataException {
        while (true) {
            String raw = in.readLine();
            if (raw == null) {
                return null;
            }
            if (first) {
                first = false;
                if (!raw.isEmpty() && raw.charAt(0) == '\uFEFF') {
                    raw = raw.substring(1);
                }
            }
            line = nextLine++;
            if (raw.isEmpty()) {
                continue;
            }
            return parse(raw);
        }
    }

    private List<String> parse(String raw) throws IOException, DataException {
        List<String> fields = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String text = raw;
        int i = 0;
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (i >= text.length()) {
                if (quoted) {
                    String more = in.readLine();
                    if (more == null) {
                        throw new DataException(file, line, null, "unterminated quoted field");
                    }
                    nextLine++;
                    cell.append('\n');
                    text = more;
                    i = 0;
                    continue;
                }
                fields.add(wasQuoted ? cell.toString() : cell.toString());
                return fields;
            }
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < text.length() && text.charAt(i) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == ',') {
                fields.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && cell.toString().isBlank()) {
                cell.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (c != '\r' || i < text.length()) {
                cell.append(c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
