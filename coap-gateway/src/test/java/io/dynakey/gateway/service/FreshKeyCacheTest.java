package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dynakey.device.crypto.RotationKeyDerivation;
import io.dynakey.device.wire.RotateConfirm;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.store.KeyState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys a gateway has just issued stay in memory until their rotation is confirmed: the new
 * key's handshake and confirmation read them from there, a confirmation after the session's
 * commit does not commit again, a wrong tag is still refused, and a replaced or revoked key is
 * never served from memory.
 */
class FreshKeyCacheTest {

    @TempDir
    Path dir;
    Gateway g;
    DeviceKit dev;

    @BeforeEach
    void open() throws Exception {
        g = DeviceKit.gateway(dir);
        dev = new DeviceKit(g, "dev-a");
    }

    @AfterEach
    void close() {
        g.close();
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private int events() throws Exception {
        return g.store().eventsAfter(0, 1_000_000).size();
    }

    private byte[] storedKey(int epoch) throws Exception {
        return g.store().usableKey("dev-a", epoch, now()).orElseThrow().key().bytes();
    }

    /** A RotateConfirm for epoch 1 with the tag of the store's key and transcript (flipped when {@code wrong}). */
    private byte[] confirmation(boolean wrong) throws Exception {
        byte[] th = g.store().transcriptHash("dev-a", 1).orElseThrow();
        byte[] tag = new byte[RotationKeyDerivation.CONFIRM_TAG_LENGTH];
        new RotationKeyDerivation().confirmTag(storedKey(1), 0, th, 0, tag, 0);
        if (wrong) {
            tag[0] ^= 1;
        }
        RotateConfirm c = new RotateConfirm();
        byte[] id = "dev-a".getBytes(StandardCharsets.US_ASCII);
        c.deviceId().set(id, 0, id.length);
        c.requestId().set(new byte[16], 0, 16);
        c.confirmTag().set(tag, 0, tag.length);
        c.set(1);
        byte[] out = new byte[WireMessage.MAX_ENCODED_LENGTH];
        return Arrays.copyOf(out, c.encode(WireMessage.newWriter(), out, 0, out.length));
    }

    @Test
    void the_new_keys_session_and_its_confirmation_take_the_key_from_memory_and_commit_once() throws Exception {
        assertEquals(Reply.Code.CHANGED, g.rotations().start(dev.caller(0), dev.rotateRequest(0, dev.identityPrivate)).code());
        assertNotNull(g.sessions().fresh("dev-a", 1, now()), "the issued key is held in memory");
        byte[] stored = storedKey(1);
        assertArrayEquals(stored, g.sessions().keyFor("dk:dev-a:1"), "memory serves the store's pending key");
        int before = events();
        assertNull(g.sessions().admit(dev.caller(1)), "the first request on the new session is admitted");
        assertEquals(before + 1, events(), "and commits the key");
        assertEquals(KeyState.CURRENT, g.store().usableKey("dev-a", 1, now()).orElseThrow().state());
        assertEquals(Reply.Code.UNAUTHORIZED, g.rotations().confirm(dev.caller(1), confirmation(true)).code(),
                "a wrong tag is refused though the key is in memory");
        assertEquals(Reply.Code.CHANGED, g.rotations().confirm(dev.caller(1), confirmation(false)).code());
        assertEquals(before + 1, events(), "a confirmation after the session's commit does not commit again");
        assertNull(g.sessions().fresh("dev-a", 1, now()), "once confirmed the key leaves memory");
        assertArrayEquals(stored, g.sessions().keyFor("dk:dev-a:1"), "and the store answers");
        assertNull(g.sessions().fresh("dev-a", 1, now() + SessionKeys.FRESH_KEY_TTL_MS), "nor would it outlive its time");
    }

    @Test
    void a_confirmation_on_the_old_session_commits_with_the_key_in_memory() throws Exception {
        assertEquals(Reply.Code.CHANGED, g.rotations().start(dev.caller(0), dev.rotateRequest(0, dev.identityPrivate)).code());
        int before = events();
        assertEquals(Reply.Code.UNAUTHORIZED, g.rotations().confirm(dev.caller(0), confirmation(true)).code());
        assertEquals(before, events(), "a wrong tag commits nothing");
        assertEquals(Reply.Code.CHANGED, g.rotations().confirm(dev.caller(0), confirmation(false)).code());
        assertEquals(before + 1, events());
        assertEquals(1, g.store().device("dev-a").orElseThrow().currentEpoch());
    }

    @Test
    void a_replaced_pending_key_is_never_served_from_memory() throws Exception {
        assertEquals(Reply.Code.CHANGED, g.rotations().start(dev.caller(0), dev.rotateRequest(0, dev.identityPrivate)).code());
        byte[] first = g.sessions().keyFor("dk:dev-a:1");
        assertEquals(Reply.Code.CHANGED, g.rotations().start(dev.caller(0), dev.rotateRequest(0, dev.identityPrivate)).code());
        byte[] second = g.sessions().keyFor("dk:dev-a:1");
        assertFalse(Arrays.equals(first, second), "a new request issued a new key");
        assertArrayEquals(storedKey(1), second, "memory serves the key the store holds as pending");
    }

    @Test
    void a_revoked_device_gets_no_key_from_memory() throws Exception {
        assertEquals(Reply.Code.CHANGED, g.rotations().start(dev.caller(0), dev.rotateRequest(0, dev.identityPrivate)).code());
        // revoked by another process (written to the store): the next sweep learns of it
        g.store().revoke("dev-a", 8, now());
        g.sessions().sweep();
        assertNull(g.sessions().keyFor("dk:dev-a:1"));
        assertNull(g.sessions().fresh("dev-a", 1, now()), "the key left memory");
    }
}
