package io.dynakey.trainer.data;

/**
 * Bad input data or schema: the message names the file and, where known, the line (1-based,
 * the header is line 1) and the column.
 */
public final class DataException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final String column;

    /**
     * @param file   the file the problem is in
     * @param line   1-based line, or 0 when the problem is not on one line
     * @param column column name, or {@code null}
     * @param reason what is wrong
     */
    public DataException(String file, long line, String column, String reason) {
        super(format(file, line, column, reason));
        this.file = file;
        this.line = line;
        this.column = column;
    }

    private static String format(String file, long line, String column, String reason) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (column != null) {
            sb.append(", column '").append(column).append('\'');
        }
        return sb.append(": ").append(reason).toString();
    }

    /** @return the file the problem is in */
    public String file() {
        return file;
    }

    /** @return 1-based line, or 0 when the problem concerns the whole file */
    public long line() {
        return line;
    }

    /** @return the column name, or {@code null} */
    public String column() {
        return column;
    }
}
