package io.dynakey.fleet;

import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.trainer.sign.ModelVerifier;
import io.dynakey.trainer.sign.SigningKey;

/**
 * A learned table on its way to the devices, the path a board takes: the table is written into
 * the model file's rotation schedule section (format 1.1, docs/model-format.md), the file is
 * signed, and the devices' policy is what the file gives back after its signature verifies and
 * its section is read and validated ({@link LearnedPolicy#fromModel}). The trees of the file are
 * untouched, so the model's risk is the same.
 *
 * @param file the signed model file with the table (format 1.1)
 * @param publicKey the Ed25519 public key that verifies {@code file}
 * @param policy the policy built from the verified file
 */
public record ShippedTable(byte[] file, byte[] publicKey, LearnedPolicy policy) {

    /**
     * Writes {@code table} into a copy of {@code modelFile}, signs it with {@code key} and reads it back.
     *
     * @param modelFile a valid model file (its own section, if any, is replaced; its signature is redone)
     * @param shield the devices' hard limits
     * @param provenance one line for reports: where the table was learned
     * @throws FleetException if the format cannot carry the table, or the file does not read back to the same table
     */
    public static ShippedTable ship(RotationTable table, byte[] modelFile, SigningKey key, GroupPolicy shield,
                                    String provenance) throws FleetException {
        byte[] file;
        try {
            file = TinyModelWriter.withRotationSchedule(modelFile, table.toSchedule());
        } catch (ModelFormatException e) {
            throw new FleetException("the model file is not valid: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new FleetException("the model file cannot carry the table " + table.describe() + ": " + e.getMessage(), e);
        }
        TinyModelWriter.attachSignature(file, key.sign(file, 0, TinyModelWriter.signedLength(file)));
        byte[] pub = key.publicKey();
        LearnedPolicy policy;
        try {
            policy = LearnedPolicy.fromModel(ModelVerifier.verify(file, pub), shield, provenance);
        } catch (ModelVerifier.Refused e) {
            throw new FleetException("the signed model file with the table was refused: " + e.getMessage(), e);
        }
        if (!policy.table().equals(table)) {
            throw new FleetException("the table read back from the model file (" + policy.table().describe()
                    + ") is not the one written (" + table.describe() + ")");
        }
        return new ShippedTable(file, pub, policy);
    }
}
