package io.dynakey.hardware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoardProfilesTest {

    @Test
    void the_built_in_boards_load_with_a_source_for_every_figure() throws Exception {
        List<BoardProfile> boards = BoardProfiles.builtIn();
        assertTrue(boards.size() >= 3);
        assertTrue(boards.stream().anyMatch(b -> b.id().equals("stm32f7508-dk")));
        assertTrue(boards.stream().anyMatch(b -> b.id().equals("imxrt1170-evk")));
        assertTrue(boards.stream().anyMatch(b -> b.id().equals("esp-wrover-kit")));
        for (BoardProfile b : boards) {
            assertEquals(5, b.sources().size(), b.id());
            assertTrue(b.flashBytes() > 0 && b.ramBytes() > 0 && b.javaHeapBytes() > 0, b.id());
        }
        BoardProfile f7 = boards.stream().filter(b -> b.id().equals("stm32f7508-dk")).findFirst().orElseThrow();
        assertEquals(65536 + 16L * 1024 * 1024, f7.flashBytes());
    }

    @Test
    void a_figure_without_a_source_is_refused() {
        String text = "id=x\nname=X\nflash.internal.bytes=1\nflash.internal.source=a\nflash.external.bytes=0\n"
                + "flash.external.source=b\nram.internal.bytes=1\nram.internal.source=c\nram.external.bytes=0\n"
                + "ram.external.source=d\njavaheap.bytes=1024\nbudget.flash.percent=10\nbudget.heap.percent=10\n";
        BoardProfileException e = assertThrows(BoardProfileException.class, () -> BoardProfiles.parse("x.properties", text));
        assertTrue(e.getMessage().contains("javaheap"), e.getMessage());
    }

    @Test
    void a_non_numeric_size_names_the_key() {
        String text = tiny(1024, 1024).replace("javaheap.bytes=1024", "javaheap.bytes=64k");
        BoardProfileException e = assertThrows(BoardProfileException.class, () -> BoardProfiles.parse("t.properties", text));
        assertTrue(e.getMessage().contains("t.properties") && e.getMessage().contains("javaheap.bytes"), e.getMessage());
    }

    static String tiny(long flash, long heap) {
        return "id=tiny\nname=Tiny\nflash.internal.bytes=" + flash + "\nflash.internal.source=test\n"
                + "flash.external.bytes=0\nflash.external.source=test\nram.internal.bytes=4096\n"
                + "ram.internal.source=test\nram.external.bytes=0\nram.external.source=test\n"
                + "javaheap.bytes=" + heap + "\njavaheap.source=test\nbudget.flash.percent=100\nbudget.heap.percent=100\n";
    }

    @Test
    void a_board_too_small_for_the_image_does_not_fit_and_a_big_one_does() throws Exception {
        DeviceFootprint fp = new DeviceFootprint(50_000, 2_000, 6_000, "test");
        BoardFit small = BoardFit.check(BoardProfiles.parse("t", tiny(40_000, 65_536)), fp);
        BoardFit lowHeap = BoardFit.check(BoardProfiles.parse("t", tiny(1_000_000, 4_096)), fp);
        BoardFit big = BoardFit.check(BoardProfiles.parse("t", tiny(1_000_000, 65_536)), fp);
        assertFalse(small.fits());
        assertFalse(small.flashFits());
        assertFalse(lowHeap.heapFits());
        assertTrue(big.fits());
        String table = BoardTable.format(List.of(small, lowHeap, big));
        assertTrue(table.contains("DOES NOT FIT (flash)"), table);
        assertTrue(table.contains("DOES NOT FIT (heap)"), table);
        assertTrue(table.contains("FITS"), table);
    }

    @Test
    void an_unmeasured_footprint_never_fits() throws Exception {
        BoardFit f = BoardFit.check(BoardProfiles.parse("t", tiny(1_000_000, 65_536)),
                new DeviceFootprint(-1, 100, 100, "image not measured"));
        assertFalse(f.fits());
        assertTrue(BoardTable.format(List.of(f)).contains("UNKNOWN"));
    }
}
