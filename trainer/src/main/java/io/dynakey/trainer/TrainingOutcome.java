package io.dynakey.trainer;

import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Split;
import io.dynakey.trainer.eval.Evaluation;
import io.dynakey.trainer.export.ExportResult;
import io.dynakey.trainer.model.SizeSearch;
import io.dynakey.trainer.model.TrainedModel;
import java.util.List;

/**
 * What one training run produced, for the report and the caller.
 *
 * @param schema        the schema (categories resolved)
 * @param file          the data file name
 * @param dataSha256    SHA-256 of the data file, hex (its first 16 bytes are the model header's data digest)
 * @param rows          rows loaded
 * @param split         the split
 * @param binary        the binary (device) model
 * @param multi         the multi-class model
 * @param binaryExport  its export
 * @param multiExport   the multi-class export, or {@code null} when refused
 * @param multiError    why the multi-class export was refused, or {@code null}
 * @param binaryEval    binary results on the test rows
 * @param multiEval     multi-class results on the test rows
 * @param search        the size search, or {@code null}
 * @param sweep         the depth/size sweep (may be empty)
 * @param publicKeyHex  the public key that verifies the models
 * @param importance    permutation importance per feature (schema order): accuracy drop
 * @param seconds       load, binary training, multi-class training, export, evaluation
 * @param robustness    plain against robust model ({@code --robust}), or {@code null}
 */
public record TrainingOutcome(Schema schema, String file, String dataSha256, int rows, Split split, TrainedModel binary, TrainedModel multi,
                              ExportResult binaryExport, ExportResult multiExport, String multiError,
                              Evaluation binaryEval, Evaluation multiEval, SizeSearch.Result search,
                              List<Sweep.Point> sweep, String publicKeyHex, double[] importance, double[] seconds,
                              io.dynakey.trainer.robust.AdversarialTraining.Result robustness) {
}
