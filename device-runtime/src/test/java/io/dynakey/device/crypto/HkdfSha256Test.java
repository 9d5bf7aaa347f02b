package io.dynakey.device.crypto;

import static io.dynakey.device.testing.Hex.decode;
import static io.dynakey.device.testing.Hex.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

/** RFC 5869 appendix A.1-A.3, and agreement with Bouncy Castle's HKDFBytesGenerator. */
class HkdfSha256Test {

    private static byte[] range(int from, int toInclusive) {
        byte[] b = new byte[toInclusive - from + 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static String derive(byte[] ikm, byte[] salt, byte[] info, int len) throws Exception {
        byte[] out = new byte[len + 4];
        new HkdfSha256().derive(ikm, 0, ikm.length, salt, 0, salt.length, info, 0, info.length, out, 2, len);
        assertEquals(0, out[0] | out[1] | out[len + 2] | out[len + 3], "wrote outside its range");
        return encode(out, 2, len);
    }

    @Test
    void rfc5869_a1_basic_case() throws Exception {
        byte[] ikm = decode("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                derive(ikm, range(0x00, 0x0c), range(0xf0, 0xf9), 42));
    }

    @Test
    void rfc5869_a2_long_inputs_and_outputs() throws Exception {
        assertEquals("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87",
                derive(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82));
    }

    @Test
    void rfc5869_a3_empty_salt_and_info() throws Exception {
        byte[] ikm = decode("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                derive(ikm, new byte[0], new byte[0], 42));
    }

    @Test
    void agrees_with_bouncy_castle_for_random_inputs_including_salts_longer_than_a_block() throws Exception {
        Random random = new Random(42);
        HkdfSha256 hkdf = new HkdfSha256();
        for (int i = 0; i < 200; i++) {
            byte[] ikm = new byte[1 + random.nextInt(100)];
            byte[] salt = new byte[random.nextInt(150)];
            byte[] info = new byte[random.nextInt(80)];
            random.nextBytes(ikm);
            random.nextBytes(salt);
            random.nextBytes(info);
            int len = 1 + random.nextInt(100);
            byte[] ours = new byte[len];
            hkdf.derive(ikm, 0, ikm.length, salt, 0, salt.length, info, 0, info.length, ours, 0, len);
            HKDFBytesGenerator bc = new HKDFBytesGenerator(new SHA256Digest());
            bc.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
            byte[] theirs = new byte[len];
            bc.generateBytes(theirs, 0, len);
            assertArrayEquals(theirs, ours, "case " + i);
        }
    }

    @Test
    void a_derivation_and_an_hmac_allocate_nothing_once_warmed_up() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        HkdfSha256 hkdf = new HkdfSha256();
        byte[] ikm = range(0, 31);
        byte[] salt = range(0x60, 0xaf);
        byte[] out = new byte[48];
        for (int i = 0; i < 20_000; i++) {
            hkdf.derive(ikm, 0, 32, salt, 0, salt.length, salt, 0, 10, out, 0, 48);
            hkdf.hmac(ikm, 0, 16, salt, 0, 40, out, 0);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            hkdf.derive(ikm, 0, 32, salt, 0, salt.length, salt, 0, 10, out, 0, 48);
            hkdf.hmac(ikm, 0, 16, salt, 0, 40, out, 0);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 10,000 derivations");
    }
}
