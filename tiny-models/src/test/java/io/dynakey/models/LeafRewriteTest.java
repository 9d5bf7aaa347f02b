package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link TinyModelWriter#withLeaves}: only the leaf tables, the CRC and the (zeroed) signature change. */
class LeafRewriteTest {

    @Test
    void the_copy_parses_with_the_new_leaves_and_the_same_trees() throws Exception {
        byte[] file = GoldenVectors.modelBytes("forest-10");
        TinyModel m = TinyModel.parse(file);
        int leaves = m.leafCount();
        int[] classes = new int[leaves];
        int[] risks = new int[leaves];
        for (int l = 0; l < leaves; l++) {
            classes[l] = (m.leafClass(l) + l) % m.classCount();
            risks[l] = 255 - m.leafRisk(l);
        }
        byte[] copy = TinyModelWriter.withLeaves(file, classes, risks);
        TinyModel c = TinyModel.parse(copy);
        assertEquals(file.length, copy.length);
        for (int l = 0; l < leaves; l++) {
            assertEquals(classes[l], c.leafClass(l), "class of leaf " + l);
            assertEquals(risks[l], c.leafRisk(l), "risk of leaf " + l);
        }
        int classOff = ModelFormat.HEADER_SIZE + m.featureCount() * ModelFormat.FEATURE_RECORD_SIZE
                + m.treeCount() * ModelFormat.TREE_RECORD_SIZE + 5 * m.nodeCount();
        int crc = copy.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE;
        for (int i = 0; i < crc; i++) {
            if (i < classOff || i >= classOff + 2 * leaves) {
                assertEquals(file[i], copy[i], "byte " + i);
            }
        }
        assertArrayEquals(new byte[ModelFormat.SIGNATURE_SIZE], Arrays.copyOfRange(copy, copy.length - ModelFormat.SIGNATURE_SIZE,
                copy.length), "to be signed again");
        // unchanged tables give the same bytes up to the signature
        byte[] same = TinyModelWriter.withLeaves(file, leafClasses(m), leafRisks(m));
        assertArrayEquals(Arrays.copyOf(file, crc + ModelFormat.CRC_SIZE), Arrays.copyOf(same, crc + ModelFormat.CRC_SIZE));
    }

    @Test
    void tables_of_the_wrong_size_or_range_are_refused() throws Exception {
        byte[] file = GoldenVectors.modelBytes("forest-10");
        TinyModel m = TinyModel.parse(file);
        int[] classes = leafClasses(m);
        int[] risks = leafRisks(m);
        assertThrows(IllegalArgumentException.class, () -> TinyModelWriter.withLeaves(file, Arrays.copyOf(classes, 3), risks));
        int[] badClass = classes.clone();
        badClass[0] = m.classCount();
        assertThrows(IllegalArgumentException.class, () -> TinyModelWriter.withLeaves(file, badClass, risks));
        int[] badRisk = risks.clone();
        badRisk[1] = 256;
        assertThrows(IllegalArgumentException.class, () -> TinyModelWriter.withLeaves(file, classes, badRisk));
        byte[] bad = file.clone();
        bad[40] ^= 1;
        assertThrows(ModelFormatException.class, () -> TinyModelWriter.withLeaves(bad, classes, risks));
    }

    private static int[] leafClasses(TinyModel m) {
        int[] c = new int[m.leafCount()];
        for (int l = 0; l < c.length; l++) {
            c[l] = m.leafClass(l);
        }
        return c;
    }

    private static int[] leafRisks(TinyModel m) {
        int[] r = new int[m.leafCount()];
        for (int l = 0; l < r.length; l++) {
            r[l] = m.leafRisk(l);
        }
        return r;
    }
}
