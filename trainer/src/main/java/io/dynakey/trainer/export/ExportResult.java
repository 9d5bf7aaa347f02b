package io.dynakey.trainer.export;

import io.dynakey.models.QuantizerSpec;
import java.util.List;

/**
 * An exported model file (signature trailer still zero) and how faithful it is.
 *
 * @param file           the tiny-model bytes
 * @param quantizers     the chosen quantizer of each feature, schema order
 * @param inexactSplits  splits for which no 16-bit threshold separates the observed values
 * @param agreement      fraction of held-out rows where the device's class equals Tribuo's
 * @param checkedRows    number of held-out rows compared
 * @param disagreements  line numbers (in the source file) of up to 20 rows that disagree
 */
public record ExportResult(byte[] file, List<QuantizerSpec> quantizers, int inexactSplits, double agreement,
                           int checkedRows, List<Long> disagreements) {
}
