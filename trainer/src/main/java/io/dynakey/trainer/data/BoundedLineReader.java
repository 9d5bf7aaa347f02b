package io.dynakey.trainer.data;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Passes characters through and fails once a line grows past a bound, so that a file with no
 * line break (a huge binary or sparse file given as CSV) is refused after the bound instead of
 * being gathered into one line in memory. Not thread-safe.
 */
final class BoundedLineReader extends FilterReader {

    private final int maxLine;
    private final String file;
    private long line = 1;
    private int sinceBreak;

    BoundedLineReader(Reader in, int maxLine, String file) {
        super(in);
        this.maxLine = maxLine;
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int i = 0; i < n; i++) {
            count(buf[off + i]);
        }
        return n;
    }

    private void count(char c) throws IOException {
        if (c == '\n') {
            line++;
            sinceBreak = 0;
        } else if (++sinceBreak > maxLine) {
            throw new IOException(file + ":" + line + ": a line longer than " + maxLine + " characters; not a CSV file?");
        }
    }
}
