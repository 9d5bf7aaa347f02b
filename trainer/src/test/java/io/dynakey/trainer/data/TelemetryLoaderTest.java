package io.dynakey.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryLoaderTest {

    private static final String HEADER = "ts,host,bytes,temp,state,label,kind\n";

    @Test
    void cells_become_raw_integers_in_the_declared_scale() throws Exception {
        // given a BOM, CRLF line ends, quoted and padded cells
        String csv = "\uFEFF" + HEADER.replace("\n", "\r\n")
                + "1,a,1200,21.5,\" high \",attack,ddos\r\n"
                + "2,a,-,-3.25,low ,normal,-\r\n";
        // when
        Telemetry t = TestData.load(TestData.schema(), csv);
        // then
        assertArrayEquals(new long[] {1200, 2150, 2}, t.row(0));
        assertArrayEquals(new long[] {-1, -325, 1}, t.row(1));
        assertArrayEquals(new int[] {1, 0}, t.attack());
        assertEquals(List.of("benign", "ddos"), t.classNames());
        assertArrayEquals(new long[] {2, 3}, t.lines());
    }

    @Test
    void padding_and_case_cannot_spell_the_label() throws Exception {
        String csv = HEADER + "1,a,1,1,HIGH  ,attack,x\n2,b,1,1,high,normal,-\n";
        Telemetry t = TestData.load(TestData.schema(), csv);
        assertEquals(t.row(0)[2], t.row(1)[2]);
    }

    @Test
    void a_missing_column_is_named() {
        DataException e = assertThrows(DataException.class,
                () -> TestData.load(TestData.schema(), "ts,host,bytes,state,label,kind\n1,a,1,low,x,y\n"));
        assertEquals(1, e.line());
        assertEquals("temp", e.column());
        assertTrue(e.getMessage().contains("missing column"), e.getMessage());
    }

    @Test
    void an_extra_column_is_named() {
        DataException e = assertThrows(DataException.class,
                () -> TestData.load(TestData.schema(), "ts,host,bytes,temp,state,label,kind,secret\n"));
        assertEquals("secret", e.column());
        assertTrue(e.getMessage().contains("extra column"), e.getMessage());
    }

    @Test
    void a_non_numeric_cell_names_file_line_and_column() {
        DataException e = assertThrows(DataException.class, () -> TestData.load(TestData.schema(),
                HEADER + "1,a,10,20,low,normal,-\n2,a,ten,20,low,attack,x\n"));
        assertEquals("toy.csv", e.file());
        assertEquals(3, e.line());
        assertEquals("bytes", e.column());
        assertTrue(e.getMessage().startsWith("toy.csv:3, column 'bytes': 'ten' is not a number"), e.getMessage());
    }

    @Test
    void nan_and_infinity_are_refused() {
        for (String bad : new String[] {"NaN", "Infinity", "-inf"}) {
            DataException e = assertThrows(DataException.class, () -> TestData.load(TestData.schema(),
                    HEADER + "1,a,10," + bad + ",low,normal,-\n"));
            assertEquals("temp", e.column());
            assertTrue(e.getMessage().contains("NaN or infinite"), e.getMessage());
        }
    }

    @Test
    void a_missing_cell_without_a_missing_value_is_refused() {
        DataException e = assertThrows(DataException.class, () -> TestData.load(TestData.schema(),
                HEADER + "1,a,10,-,low,normal,-\n"));
        assertEquals("temp", e.column());
    }

    @Test
    void an_unknown_category_is_refused() {
        DataException e = assertThrows(DataException.class, () -> TestData.load(TestData.schema(),
                HEADER + "1,a,10,1,medium,normal,-\n"));
        assertEquals("state", e.column());
        assertTrue(e.getMessage().contains("unknown category 'medium'"), e.getMessage());
    }

    @Test
    void a_short_line_is_refused_with_its_number() {
        DataException e = assertThrows(DataException.class, () -> TestData.load(TestData.schema(),
                HEADER + "1,a,10,1,low,normal,-\n2,a,10\n"));
        assertEquals(3, e.line());
    }

    @Test
    void an_empty_file_and_a_header_only_file_are_refused() {
        DataException empty = assertThrows(DataException.class, () -> TestData.load(TestData.schema(), ""));
        assertTrue(empty.getMessage().contains("empty file"), empty.getMessage());
        DataException noRows = assertThrows(DataException.class, () -> TestData.load(TestData.schema(), HEADER));
        assertTrue(noRows.getMessage().contains("no data rows"), noRows.getMessage());
    }

    @Test
    void one_class_only_is_refused() {
        DataException e = assertThrows(DataException.class, () -> TestData.load(TestData.schema(),
                HEADER + "1,a,10,1,low,normal,-\n2,a,11,1,low,normal,-\n"));
        assertEquals("label", e.column());
        assertTrue(e.getMessage().contains("only one class"), e.getMessage());
    }

    @Test
    void a_declared_class_with_no_rows_is_refused() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("label.column", "label");
        p.setProperty("label.benign", "normal");
        p.setProperty("label.values", "normal,attack,worm");
        p.setProperty("features", "bytes");
        p.setProperty("feature.bytes.id", "1");
        p.setProperty("ignore", "ts,host,temp,state,kind");
        Schema s = Schema.parse(p, "s.properties");
        DataException e = assertThrows(DataException.class, () -> TestData.load(s,
                HEADER + "1,a,10,1,low,normal,-\n2,a,11,1,low,attack,-\n"));
        assertTrue(e.getMessage().contains("class 'worm'"), e.getMessage());
    }

    @Test
    void quoted_fields_may_hold_commas_quotes_and_line_breaks() throws Exception {
        String csv = HEADER + "1,\"a,\"\"b\"\"\nc\",10,1,low,normal,-\n2,x,11,1,low,attack,y\n";
        Telemetry t = TestData.load(TestData.schema(), csv);
        assertEquals(List.of("a,\"b\"\nc", "x"), t.groupNames());
        assertArrayEquals(new long[] {2, 4}, t.lines());
    }

    @Test
    void a_value_too_large_for_64_bits_is_refused() {
        DataException e = assertThrows(DataException.class, () -> TestData.load(TestData.schema(),
                HEADER + "1,a,10,1e30,low,normal,-\n"));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    @Test
    void an_unterminated_quoted_field_names_the_line_it_started_on() {
        DataException e = assertThrows(DataException.class, () -> TestData.load(TestData.schema(),
                HEADER + "1,a,10,1,low,normal,-\n2,\"a,10,1,low,attack,x\n3,b,10,1,low,attack,x\n"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("unterminated quoted field"), e.getMessage());
    }

    @Test
    void a_line_that_never_ends_and_a_quote_that_never_closes_are_refused_in_bounded_memory() {
        // issue 17 F8: a huge file without line breaks was gathered into one line until the heap ran out
        Exception longLine = assertThrows(Exception.class,
                () -> TestData.load(TestData.schema(), HEADER + "1".repeat(CsvReader.MAX_LINE + 1)));
        assertTrue(longLine.getMessage().contains(":2: a line longer than 1048576 characters"), longLine.getMessage());
        DataException quote = assertThrows(DataException.class,
                () -> TestData.load(TestData.schema(), HEADER + "2,\"a\n" + "x\n".repeat(2 * CsvReader.MAX_RECORD_LINES)));
        assertTrue(quote.getMessage().contains("a quoted field spans more than 100 lines"), quote.getMessage());
    }

    @Test
    void blank_lines_are_skipped_and_later_lines_keep_their_numbers() throws Exception {
        Telemetry t = TestData.load(TestData.schema(), HEADER + "\n1,a,10,1,low,normal,-\n\n\n2,b,11,1,high,attack,x\n\n");
        assertArrayEquals(new long[] {3, 6}, t.lines());
    }

    @Test
    void progress_is_reported_with_bytes_and_rows_and_ends_at_the_whole_file() throws Exception {
        // given a file of a few MiB
        StringBuilder csv = new StringBuilder(HEADER);
        int rows = 60_000;
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(",\"host ").append(i % 7).append("\",").append(i * 3).append(",21.5,low,")
                    .append(i % 2 == 0 ? "normal,-" : "attack,ddos").append('\n');
        }
        byte[] bytes = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<long[]> calls = new java.util.ArrayList<>();
        // when
        Telemetry t = new TelemetryLoader(TestData.schema()).load(new java.io.ByteArrayInputStream(bytes), "big.csv",
                bytes.length, (done, total, n) -> calls.add(new long[] {done, total, n}));
        // then progress grew, never passed the size, and the last call is the whole file and every row
        assertEquals(rows, t.rows());
        assertTrue(calls.size() >= 3, "calls " + calls.size());
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0] && calls.get(i)[2] >= calls.get(i - 1)[2]);
            assertTrue(calls.get(i)[0] <= bytes.length);
        }
        long[] last = calls.get(calls.size() - 1);
        assertArrayEquals(new long[] {bytes.length, bytes.length, rows}, last);
    }
}
