package io.dynakey.device.crypto;

import static io.dynakey.device.testing.Hex.decode;
import static io.dynakey.device.testing.Hex.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 3610 section 8, packet vectors #1-#6 (M = 8-byte tag, L = 2, so a 13-byte nonce), key
 * C0..CF.
 */
class AesCcm8Test {

    private static final byte[] KEY = decode("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");

    @ParameterizedTest(name = "packet vector #{0}")
    @CsvSource({
        "1, 00000003020100a0a1a2a3a4a5, 0001020304050607, 08090a0b0c0d0e0f101112131415161718191a1b1c1d1e,"
            + " 588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0",
        "2, 00000004030201a0a1a2a3a4a5, 0001020304050607, 08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f,"
            + " 72c91a36e135f8cf291ca894085c87e3cc15c439c9e43a3ba091d56e10400916",
        "3, 00000005040302a0a1a2a3a4a5, 0001020304050607, 08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20,"
            + " 51b1e5f44a197d1da46b0f8e2d282ae871e838bb64da8596574adaa76fbd9fb0c5",
        "4, 00000006050403a0a1a2a3a4a5, 000102030405060708090a0b, 0c0d0e0f101112131415161718191a1b1c1d1e,"
            + " a28c6865939a9a79faaa5c4c2a9d4a91cdac8c96c861b9c9e61ef1",
        "5, 00000007060504a0a1a2a3a4a5, 000102030405060708090a0b, 0c0d0e0f101112131415161718191a1b1c1d1e1f,"
            + " dcf1fb7b5d9e23fb9d4e131253658ad86ebdca3e51e83f077d9c2d93",
        "6, 00000008070605a0a1a2a3a4a5, 000102030405060708090a0b, 0c0d0e0f101112131415161718191a1b1c1d1e1f20,"
            + " 6fc1b011f006568b5171a42d953d469b2570a4bd87405a0443ac91cb94",
    })
    void rfc3610_packet_vectors_seal_and_open(int vector, String nonce, String aad, String plain, String sealed)
            throws Exception {
        byte[] n = decode(nonce);
        byte[] a = decode(aad);
        byte[] p = decode(plain);
        AesCcm8 ccm = new AesCcm8();

        byte[] out = new byte[p.length + AesCcm8.TAG_LENGTH];
        assertEquals(out.length, ccm.seal(KEY, 0, n, 0, a, 0, a.length, p, 0, p.length, out, 0));
        assertEquals(sealed, encode(out));

        byte[] back = new byte[p.length];
        assertEquals(p.length, ccm.open(KEY, 0, n, 0, a, 0, a.length, out, 0, out.length, back, 0));
        assertArrayEquals(p, back);
    }

    @Test
    void a_flipped_ciphertext_bit_is_refused_and_no_plaintext_is_released() throws Exception {
        byte[] n = decode("00000003020100a0a1a2a3a4a5");
        byte[] a = decode("0001020304050607");
        byte[] sealed = decode("588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0");
        AesCcm8 ccm = new AesCcm8();
        for (int bit = 0; bit < sealed.length * 8; bit += 7) {
            byte[] bad = sealed.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] out = new byte[sealed.length - 8];
            Arrays.fill(out, (byte) 0x55);
            CryptoException e = assertThrows(CryptoException.class,
                    () -> ccm.open(KEY, 0, n, 0, a, 0, a.length, bad, 0, bad.length, out, 0));
            assertEquals(CryptoException.REASON_AUTHENTICATION_FAILED, e.reason());
            assertArrayEquals(new byte[out.length], out);
        }
    }

    @Test
    void a_wrong_aad_is_refused_and_the_key_stays_out_of_the_message() throws Exception {
        byte[] n = decode("00000003020100a0a1a2a3a4a5");
        byte[] sealed = decode("588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0");
        byte[] wrongAad = decode("0001020304050608");
        CryptoException e = assertThrows(CryptoException.class, () -> new AesCcm8().open(KEY, 0, n, 0, wrongAad, 0, 8,
                sealed, 0, sealed.length, new byte[sealed.length - 8], 0));
        assertEquals(-1, e.getMessage().toLowerCase().indexOf("c0c1c2"));
    }
}
