package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BoardsCommandTest {

    @TempDir
    Path dir;

    @Test
    void a_board_too_small_for_dynakey_makes_the_command_fail_and_names_the_reason() throws Exception {
        // given the built-in boards plus a board with 64 KiB of flash and a 4 KiB heap
        Path tiny = dir.resolve("tiny.properties");
        Files.writeString(tiny, "id=tiny\nname=Tiny test board\nflash.internal.bytes=65536\nflash.internal.source=test\n"
                + "flash.external.bytes=0\nflash.external.source=test\nram.internal.bytes=16384\nram.internal.source=test\n"
                + "ram.external.bytes=0\nram.external.source=test\njavaheap.bytes=4096\njavaheap.source=test\n"
                + "budget.flash.percent=100\nbudget.heap.percent=100\n");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        // when
        try (PrintStream p = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            code = Main.commandLine().execute("boards", "--board", tiny.toString(),
                    "--model", DemoCommandTest.SHIPPED_MODEL.toString());
        } finally {
            System.setOut(stdout);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        stdout.println(text);
        // then
        assertEquals(1, code, text);
        String tinyLine = text.lines().filter(l -> l.startsWith("Tiny test board")).findFirst().orElseThrow();
        assertTrue(tinyLine.contains("DOES NOT FIT (flash) (heap)"), tinyLine);
        String f7 = text.lines().filter(l -> l.startsWith("STM32F7508-DK")).findFirst().orElseThrow();
        assertTrue(f7.endsWith("FITS"), f7);
    }
}
