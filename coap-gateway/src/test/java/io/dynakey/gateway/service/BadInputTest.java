package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynakey.device.wire.ErrorResponse;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.store.CommitOutcome;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad request gets its precise code and changes nothing. */
class BadInputTest {

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

    private void assertRefused(Reply r, Reply.Code code, int errorCode, String before) throws Exception {
        assertEquals(code, r.code(), r.toString());
        assertEquals(errorCode, r.errorCode(), r.toString());
        assertEquals(before, DeviceKit.snapshot(g, "dev-a", "ghost"), "no state change");
    }

    @Test
    void malformed_cbor_is_a_bad_request() throws Exception {
        String before = DeviceKit.snapshot(g, "dev-a", "ghost");
        assertRefused(g.rotations().start(dev.caller(0), new byte[] {(byte) 0xa1, 0x00}), Reply.Code.BAD_REQUEST,
                ErrorResponse.CODE_BAD_REQUEST, before);
        assertRefused(g.rotations().start(dev.caller(0), new byte[] {(byte) 0xff}), Reply.Code.BAD_REQUEST,
                ErrorResponse.CODE_BAD_REQUEST, before);
        assertRefused(g.rotations().confirm(dev.caller(0), new byte[0]), Reply.Code.BAD_REQUEST, ErrorResponse.CODE_BAD_REQUEST,
                before);
        assertRefused(g.telemetry().handle(dev.caller(0), new byte[700]), Reply.Code.BAD_REQUEST, ErrorResponse.CODE_BAD_REQUEST,
                before);
    }

    @Test
    void an_unknown_device_is_not_found() throws Exception {
        String before = DeviceKit.snapshot(g, "dev-a", "ghost");
        DeviceKit ghost = new DeviceKit(DeviceKit.gateway(dir.resolve("other")), "ghost");
        assertRefused(g.rotations().start(ghost.caller(0), ghost.rotateRequest(0, ghost.identityPrivate)),
                Reply.Code.NOT_FOUND, ErrorResponse.CODE_UNKNOWN_DEVICE, before);
    }

    @Test
    void a_wrong_signature_is_unauthorized() throws Exception {
        String before = DeviceKit.snapshot(g, "dev-a", "ghost");
        byte[] otherKey = new byte[32];
        DeviceKit.RANDOM.nextBytes(otherKey);
        assertRefused(g.rotations().start(dev.caller(0), dev.rotateRequest(0, otherKey)), Reply.Code.UNAUTHORIZED,
                ErrorResponse.CODE_BAD_SIGNATURE, before);
        byte[] good = dev.rotateRequest(0, dev.identityPrivate);
        good[good.length - 1] ^= 1;
        assertRefused(g.rotations().start(dev.caller(0), good), Reply.Code.UNAUTHORIZED, ErrorResponse.CODE_BAD_SIGNATURE, before);
    }

    @Test
    void a_request_for_another_device_is_forbidden() throws Exception {
        DeviceKit other = new DeviceKit(g, "dev-b");
        String before = DeviceKit.snapshot(g, "dev-a", "ghost");
        assertRefused(g.rotations().start(dev.caller(0), other.rotateRequest(0, other.identityPrivate)), Reply.Code.FORBIDDEN,
                ErrorResponse.CODE_BAD_REQUEST, before);
        assertRefused(g.telemetry().handle(dev.caller(0), dev.telemetry("dev-b")), Reply.Code.FORBIDDEN,
                ErrorResponse.CODE_BAD_REQUEST, before);
    }

    @Test
    void a_retry_gets_the_same_answer_and_a_replay_after_commit_is_refused() throws Exception {
        byte[] req = dev.rotateRequest(0, dev.identityPrivate);
        Reply first = g.rotations().start(dev.caller(0), req);
        assertEquals(Reply.Code.CHANGED, first.code());
        String pending = DeviceKit.snapshot(g, "dev-a", "ghost");
        // the same request again while pending: the same bytes back, nothing changes
        Reply retry = g.rotations().start(dev.caller(0), req);
        assertArrayEquals(first.payload(), retry.payload());
        assertEquals(pending, DeviceKit.snapshot(g, "dev-a", "ghost"));
        // once committed, the request is a replay
        assertEquals(CommitOutcome.COMMITTED, g.store().commit("dev-a", 1, System.currentTimeMillis(), 60_000));
        String committed = DeviceKit.snapshot(g, "dev-a", "ghost");
        assertRefused(g.rotations().start(dev.caller(0), req), Reply.Code.CONFLICT, ErrorResponse.CODE_REPLAY, committed);
        // an epoch rollback (fresh request from the old epoch) is refused the same way
        assertRefused(g.rotations().start(dev.caller(0), dev.rotateRequest(0, dev.identityPrivate)), Reply.Code.CONFLICT,
                ErrorResponse.CODE_REPLAY, committed);
        // and so is a jump ahead of the current epoch
        assertRefused(g.rotations().start(dev.caller(1), dev.rotateRequest(3, dev.identityPrivate)), Reply.Code.CONFLICT,
                ErrorResponse.CODE_EPOCH_MISMATCH, committed);
    }

    @Test
    void a_rotation_storm_from_one_device_is_rate_limited() throws Exception {
        // the test gateway allows 5 rotations per hour; each accepted one replaces the pending key
        for (int i = 0; i < 5; i++) {
            assertEquals(Reply.Code.CHANGED, g.rotations().start(dev.caller(0), dev.rotateRequest(0, dev.identityPrivate)).code());
        }
        String before = DeviceKit.snapshot(g, "dev-a", "ghost");
        assertRefused(g.rotations().start(dev.caller(0), dev.rotateRequest(0, dev.identityPrivate)), Reply.Code.TOO_MANY_REQUESTS,
                ErrorResponse.CODE_RATE_LIMITED, before);
    }

    @Test
    void a_device_cannot_use_operator_functions() throws Exception {
        String before = DeviceKit.snapshot(g, "dev-a", "ghost");
        assertEquals(Reply.Code.FORBIDDEN, g.enrolment().revoke(dev.caller(0), new Revocation("dev-a", 9).encode()).code());
        assertEquals(Reply.Code.FORBIDDEN, g.enrolment().register(dev.caller(0),
                new DeviceRegistration("dev-c", new byte[32], "1", new byte[16]).encode()).code());
        assertEquals(before, DeviceKit.snapshot(g, "dev-a", "ghost"));
    }
}
