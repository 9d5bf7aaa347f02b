package io.dynakey.devicetools.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.testing.KatFile;
import io.dynakey.devicetools.DeviceImageFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC vectors run against the SHRUNK device image (the jar {@link DeviceImage} writes), loaded in
 * a class loader that sees only that jar and the JDK: the image, with Bouncy Castle's constraints
 * registrar cut away, still computes X25519, Ed25519, HKDF-SHA256, AES-CCM-8 and X-Wing (ML-KEM-768
 * + X25519, the hybrid rotation suite) correctly.
 */
class ShrunkImageVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static URLClassLoader image;

    @BeforeAll
    static void load_the_shrunk_image_alone() throws Exception {
        DeviceImageFixture.image();
        image = new URLClassLoader(new URL[] {DeviceImageFixture.JAR.toUri().toURL()},
            ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void close() throws Exception {
        image.close();
    }

    @Test
    void the_image_classes_come_from_the_shrunk_jar_without_the_registrar() throws Exception {
        Class<?> x25519 = image.loadClass("io.dynakey.device.crypto.X25519KeyAgreement");

        assertNotSame(io.dynakey.device.crypto.X25519KeyAgreement.class, x25519);
        assertEquals(image, x25519.getClassLoader());
        assertThrows(ClassNotFoundException.class,
            () -> image.loadClass("org.bouncycastle.crypto.CryptoServicesRegistrar"));
    }

    @Test
    void x25519_rfc7748_section_6_1() throws Exception {
        byte[] alicePriv = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPub = HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        byte[] alicePub = new byte[32];
        byte[] shared = new byte[32];

        call("io.dynakey.device.crypto.X25519KeyAgreement", null, "publicKey", alicePriv, 0, alicePub, 0);
        call("io.dynakey.device.crypto.X25519KeyAgreement", null, "agree", alicePriv, 0, bobPub, 0, shared, 0);

        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", HEX.formatHex(alicePub));
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", HEX.formatHex(shared));
    }

    @Test
    void ed25519_rfc8032_test_1_signs_and_verifies() throws Exception {
        byte[] priv = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pub = new byte[32];
        byte[] msg = new byte[0];
        byte[] sig = new byte[64];
        String ed = "io.dynakey.device.crypto.Ed25519Signatures";

        call(ed, null, "publicKey", priv, 0, pub, 0);
        call(ed, null, "sign", priv, 0, pub, 0, msg, 0, 0, sig, 0);

        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", HEX.formatHex(pub));
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            HEX.formatHex(sig));
        assertTrue((Boolean) call(ed, null, "verify", pub, 0, msg, 0, 0, sig, 0));
        sig[10] ^= 1;
        assertFalse((Boolean) call(ed, null, "verify", pub, 0, msg, 0, 0, sig, 0), "a flipped bit is refused");
    }

    @Test
    void hkdf_sha256_rfc5869_a1() throws Exception {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        byte[] okm = new byte[42];
        Object hkdf = image.loadClass("io.dynakey.device.crypto.HkdfSha256").getConstructor().newInstance();

        call(hkdf.getClass().getName(), hkdf, "derive", ikm, 0, ikm.length, salt, 0, salt.length,
            info, 0, info.length, okm, 0, okm.length);

        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
            HEX.formatHex(okm));
    }

    @Test
    void aes_ccm_8_rfc3610_packet_vector_1_seals_and_opens() throws Exception {
        byte[] key = HEX.parseHex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");
        byte[] nonce = HEX.parseHex("00000003020100a0a1a2a3a4a5");
        byte[] aad = HEX.parseHex("0001020304050607");
        byte[] plain = HEX.parseHex("08090a0b0c0d0e0f101112131415161718191a1b1c1d1e");
        byte[] sealed = new byte[plain.length + 8];
        byte[] back = new byte[plain.length];
        Object ccm = image.loadClass("io.dynakey.device.crypto.AesCcm8").getConstructor().newInstance();
        String name = ccm.getClass().getName();

        call(name, ccm, "seal", key, 0, nonce, 0, aad, 0, aad.length, plain, 0, plain.length, sealed, 0);
        call(name, ccm, "open", key, 0, nonce, 0, aad, 0, aad.length, sealed, 0, sealed.length, back, 0);

        assertEquals("588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0", HEX.formatHex(sealed));
        assertEquals(HEX.formatHex(plain), HEX.formatHex(back));
    }

    @Test
    void xwing_draft_vectors_key_generation_and_decapsulation() throws Exception {
        String kem = "io.dynakey.device.crypto.XWingKem";
        for (Map<String, byte[]> v : KatFile.read("/kat/xwing.txt")) {
            byte[] pub = new byte[1216];
            byte[] shared = new byte[32];

            call(kem, null, "publicKey", v.get("seed"), 0, pub, 0);
            call(kem, null, "decapsulate", v.get("seed"), 0, v.get("ct"), 0, shared, 0);

            assertEquals(HEX.formatHex(v.get("pk")), HEX.formatHex(pub));
            assertEquals(HEX.formatHex(v.get("ss")), HEX.formatHex(shared));
        }
    }

    /** Calls the only method of that name in the image class (all are unique in device-runtime's crypto API). */
    private static Object call(String className, Object target, String method, Object... args) throws Exception {
        Method found = null;
        for (Method m : image.loadClass(className).getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                found = m;
            }
        }
        assertTrue(found != null, className + "#" + method + " kept in the image");
        try {
            return found.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw new AssertionError(className + "#" + method + " failed in the shrunk image", e.getCause());
        }
    }
}
