package io.dynakey.trainer;

import io.dynakey.trainer.profile.TrafficProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Derived artifacts shipped in the jar so that the demo runs without the data folder: a signed
 * IoT-23 model, the public key that verifies it, the IoT-23 traffic profile and feature table, and
 * device groups from TON_IoT. No source rows are shipped. How they were made: {@code docs/trainer.md}.
 */
public final class ShippedArtifacts {

    /** Class-path folder of the shipped files. */
    public static final String FOLDER = "/io/dynakey/trainer/shipped/";
    /** Signed tiny-model file (binary benign/attack, IoT-23 flow features). */
    public static final String MODEL = "iot23-model.dktm";
    /** Public key (64 hex digits) that verifies {@link #MODEL}. */
    public static final String PUBLIC_KEY = "model-signing.pub";
    /** Traffic profile the fleet simulator samples from. */
    public static final String PROFILE = "iot23-profile.properties";
    /** Model inputs: order, ids, units, scales, category codes, quantizers. */
    public static final String FEATURES = "iot23-features.properties";
    /** The model's metrics. */
    public static final String METRICS = "iot23-metrics.json";
    /** Device groups and per-group policies (TON_IoT device types). */
    public static final String GROUPS = "ton_iot-groups.properties";

    private ShippedArtifacts() {
    }

    /** @return the bytes of a shipped file */
    public static byte[] bytes(String name) {
        try (InputStream in = ShippedArtifacts.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("shipped artifact missing from the class path: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the signed model file */
    public static byte[] model() {
        return bytes(MODEL);
    }

    /** @return the 32-byte Ed25519 public key that verifies the shipped model */
    public static byte[] publicKey() {
        StringBuilder hex = new StringBuilder();
        for (String line : new String(bytes(PUBLIC_KEY), StandardCharsets.US_ASCII).split("\n")) {
            if (!line.strip().startsWith("#")) {
                hex.append(line.strip());
            }
        }
        return java.util.HexFormat.of().parseHex(hex);
    }

    /** @return the traffic profile */
    public static TrafficProfile profile() {
        try (InputStream in = ShippedArtifacts.class.getResourceAsStream(FOLDER + PROFILE)) {
            if (in == null) {
                throw new IllegalStateException("shipped artifact missing from the class path: " + PROFILE);
            }
            return TrafficProfile.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
