package io.dynakey.device.model;

import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.ModelSignature;
import io.dynakey.device.hal.SecureStorage;
import io.dynakey.device.hal.StorageException;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;

/**
 * The device's two model slots ({@link SecureStorage#SLOT_MODEL} and
 * {@link SecureStorage#SLOT_MODEL_B}), each holding one whole signed model file. The active model
 * is the verified file (format, CRC, Ed25519 signature against the model-signing key provisioned
 * at the factory) with the highest version; a file that fails any check is ignored.
 *
 * <p>An update ({@link #offerStaged}) is checked in RAM first: format and CRC, signature, a version
 * newer than the active one (anti-rollback), and a feature schema the device computes. Only then is
 * it written, in one atomic slot write, into the slot that does not hold the active model, which
 * is never written while active. A power cut at any instant therefore leaves the old model or the
 * new one active, both verified; a torn write (which the HAL excludes) fails the CRC and is ignored
 * the same way. Files carry no self-test vectors yet (format 1.1), so there is no self-test step.
 *
 * <p>Memory is bounded and allocated once: the active file's buffer (the parsed model reads its
 * tables in place) and a staging buffer of the same size for downloads; parsing a model allocates
 * its small tables. Not thread-safe.
 */
public final class ModelSlots {

    /** The update is active now. */
    public static final int RESULT_ACTIVATED = 0;
    /** Not newer than the active model (anti-rollback); nothing written. */
    public static final int RESULT_NOT_NEWER = 1;
    /** Not a valid model file (format, CRC, length); nothing written. */
    public static final int RESULT_BAD_FILE = 2;
    /** Its signature does not verify against the model-signing key; nothing written. */
    public static final int RESULT_BAD_SIGNATURE = 3;
    /** It reads a feature this device does not compute; nothing written. */
    public static final int RESULT_UNSUPPORTED_FEATURE = 4;

    /** Which feature ids a device computes (or is given by its application). */
    public interface FeatureSupport {
        /** True when the device can supply feature {@code featureId}. */
        boolean supports(int featureId);
    }

    private static final int[] SLOTS = {SecureStorage.SLOT_MODEL, SecureStorage.SLOT_MODEL_B};

    private final SecureStorage storage;
    private final byte[] signingKey;
    private final FeatureSupport features;
    private byte[] active;
    private byte[] staging;
    private TinyModel model;
    private int activeSlot = -1;

    /**
     * @param signingKey    the model publisher's Ed25519 public key (copied)
     * @param maxModelBytes the largest model file accepted (both slots must hold it)
     */
    public ModelSlots(SecureStorage storage, byte[] signingKey, int maxModelBytes, FeatureSupport features) {
        for (int i = 0; i < SLOTS.length; i++) {
            if (storage.maxRecordLength(SLOTS[i]) < maxModelBytes) {
                throw new IllegalArgumentException("model slots must hold " + maxModelBytes + " bytes");
            }
        }
        this.storage = storage;
        this.signingKey = new byte[signingKey.length];
        System.arraycopy(signingKey, 0, this.signingKey, 0, signingKey.length);
        this.features = features;
        this.active = new byte[maxModelBytes];
        this.staging = new byte[maxModelBytes];
    }

    /**
     * Reads both slots and activates the newest verified model (after boot, or after a failure).
     *
     * @return true when a verified model is active
     */
    public boolean load() throws StorageException {
        model = null;
        activeSlot = -1;
        long best = -1;
        for (int i = 0; i < SLOTS.length; i++) {
            int len = storage.read(SLOTS[i], staging, 0, staging.length);
            TinyModel m = len < 0 ? null : verified(staging, len);
            if (m != null && m.modelVersion() > best) {
                best = m.modelVersion();
                swapBuffers(); // m reads the array now named active
                model = m;
                activeSlot = i;
            }
        }
        return model != null;
    }

    /** Writes the factory model into slot A; refused unless it verifies and no model is active. */
    public int provision(byte[] file, int len) throws StorageException {
        if (model != null) {
            throw new IllegalStateException("a model is already active");
        }
        System.arraycopy(file, 0, staging, 0, checkedLength(len));
        return offerStaged(len);
    }

    /**
     * The staging buffer: a download writes the new file here, then calls {@link #offerStaged}.
     * Its contents are undefined after any other call.
     */
    public byte[] stagingBuffer() {
        return staging;
    }

    /**
     * Checks the file in {@code stagingBuffer()[0 .. len)} and, if it passes, writes it to the slot
     * that does not hold the active model and makes it active.
     *
     * @return a {@code RESULT_*} code
     */
    public int offerStaged(int len) throws StorageException {
        if (len <= 0 || len > staging.length) {
            return RESULT_BAD_FILE;
        }
        TinyModel candidate;
        try {
            candidate = TinyModel.parse(staging, 0, len);
        } catch (ModelFormatException e) {
            return RESULT_BAD_FILE;
        }
        try {
            ModelSignature.verify(signingKey, 0, candidate);
        } catch (CryptoException e) {
            return RESULT_BAD_SIGNATURE;
        }
        if (model != null && candidate.modelVersion() <= model.modelVersion()) {
            return RESULT_NOT_NEWER;
        }
        for (int i = 0; i < candidate.featureCount(); i++) {
            if (!features.supports(candidate.featureId(i))) {
                return RESULT_UNSUPPORTED_FEATURE;
            }
        }
        int target = activeSlot < 0 ? 0 : 1 - activeSlot;
        storage.write(SLOTS[target], staging, 0, len);
        swapBuffers(); // the candidate reads the array now named active
        model = candidate;
        activeSlot = target;
        return RESULT_ACTIVATED;
    }

    /** The active model, or null when none verified. */
    public TinyModel active() {
        return model;
    }

    /** The active model's version, -1 when none. */
    public long activeVersion() {
        return model == null ? -1 : model.modelVersion();
    }

    private TinyModel verified(byte[] buf, int len) {
        try {
            TinyModel m = TinyModel.parse(buf, 0, len);
            ModelSignature.verify(signingKey, 0, m);
            return m;
        } catch (ModelFormatException e) {
            return null;
        } catch (CryptoException e) {
            return null;
        }
    }

    private void swapBuffers() {
        byte[] t = active;
        active = staging;
        staging = t;
    }

    private int checkedLength(int len) {
        if (len <= 0 || len > staging.length) {
            throw new IllegalArgumentException("model of " + len + " bytes does not fit " + staging.length);
        }
        return len;
    }
}
