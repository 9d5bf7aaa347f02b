package io.dynakey.hardware.board;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuntimeStateTest {

    @Test
    void the_runtime_state_grows_with_the_model_and_stays_within_kilobytes() throws Exception {
        Path golden = Path.of("..", "tiny-models", "src", "test", "resources", "golden");
        byte[] tree = Files.readAllBytes(golden.resolve("tree-d6.dktm"));
        byte[] forest = Files.readAllBytes(golden.resolve("forest-10.dktm"));
        long small = RuntimeState.measure(tree);
        long big = RuntimeState.measure(forest);
        assertTrue(small > tree.length, "the state holds at least the model: " + small);
        assertTrue(big > small, "a 10-tree forest needs more than one tree: " + big + " vs " + small);
        assertTrue(big < 64 * 1024, "well inside a MicroEJ default heap: " + big);
        assertTrue(RuntimeState.measure(forest) == big, "the count is deterministic");
    }

    @Test
    void deep_size_counts_arrays_and_shared_objects_once() {
        byte[] shared = new byte[100];
        Object[] pair = {shared, shared};
        assertTrue(DeepSize.of(new long[10]) == 12 + 80);
        assertTrue(DeepSize.of((Object) pair) == (12 + 2 * 4) + (12 + 100));
    }
}
