package io.dynakey.trainer.data;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvMalformedLineException;
import com.opencsv.exceptions.CsvMultilineLimitBrokenException;
import com.opencsv.exceptions.CsvValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming RFC 4180 reader over opencsv's {@link com.opencsv.RFC4180Parser}: comma separated,
 * double-quoted fields with {@code ""} escapes and embedded line breaks, LF or CRLF line ends, an
 * optional UTF-8 byte order mark. Adds what the loader's messages need: the line each record
 * starts on, blank lines skipped, and a {@link DataException} for an unterminated quoted field.
 * Memory stays bounded whatever the input: a line longer than {@value #MAX_LINE} characters, or a
 * quoted field spanning more than {@value #MAX_RECORD_LINES} lines, is refused. Not thread-safe.
 */
public final class CsvReader implements AutoCloseable {

    /** Longest line, characters (a telemetry row has a few hundred). */
    public static final int MAX_LINE = 1024 * 1024;
    /** Most lines one record (a quoted field with line breaks) may span. */
    public static final int MAX_RECORD_LINES = 100;

    private final CSVReader csv;
    private final String file;
    private long line;

    /**
     * @param in   characters to read (the caller decodes bytes; a leading U+FEFF is skipped)
     * @param file file name for error messages
     */
    public CsvReader(Reader in, String file) throws IOException {
        BufferedReader buffered = new BufferedReader(new BoundedLineReader(in, MAX_LINE, file), 1 << 16);
        buffered.mark(1);
        if (buffered.read() != '\uFEFF') {
            buffered.reset();
        }
        this.csv = new CSVReaderBuilder(buffered).withCSVParser(new RFC4180ParserBuilder().build())
                .withMultilineLimit(MAX_RECORD_LINES).build();
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
            long start = csv.getLinesRead() + 1;
            String[] fields;
            try {
                fields = csv.readNext();
            } catch (CsvMalformedLineException e) {
                throw new DataException(file, start, null, "unterminated quoted field");
            } catch (CsvMultilineLimitBrokenException e) {
                throw new DataException(file, start, null, "a quoted field spans more than " + MAX_RECORD_LINES
                        + " lines (unterminated quote?)");
            } catch (CsvValidationException e) {
                throw new DataException(file, start, null, "unreadable record: " + e.getMessage());
            }
            if (fields == null) {
                return null;
            }
            if (fields.length == 1 && fields[0].isEmpty()) {
                continue;
            }
            line = start;
            return Arrays.asList(fields);
        }
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
