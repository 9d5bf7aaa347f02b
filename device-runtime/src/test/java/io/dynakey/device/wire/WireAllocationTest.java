package io.dynakey.device.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Decoding and encoding reuse their buffers: no allocation per message once warmed up. */
class WireAllocationTest {

    @Test
    void decoding_and_reencoding_a_signed_request_and_a_telemetry_report_allocate_nothing() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CborReader reader = WireMessage.newReader();
        CborWriter writer = WireMessage.newWriter();
        RotateRequest request = Messages.rotateRequest();
        Messages.signAll(request, true);
        byte[] req = new byte[WireMessage.MAX_ENCODED_LENGTH];
        int reqLen = request.encode(writer, req, 0, req.length);
        byte[] tel = new byte[WireMessage.MAX_ENCODED_LENGTH];
        int telLen = Messages.telemetryReport().encode(writer, tel, 0, tel.length);
        RotateRequest r = new RotateRequest();
        TelemetryReport t = new TelemetryReport();
        byte[] out = new byte[WireMessage.MAX_ENCODED_LENGTH];
        for (int i = 0; i < 20_000; i++) {
            roundTrip(reader, writer, req, reqLen, tel, telLen, r, t, out);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            roundTrip(reader, writer, req, reqLen, tel, telLen, r, t, out);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 10,000 round trips");
    }

    private static void roundTrip(CborReader reader, CborWriter writer, byte[] req, int reqLen, byte[] tel, int telLen,
                                  RotateRequest r, TelemetryReport t, byte[] out) throws WireException {
        r.decode(reader, req, 0, reqLen);
        r.encode(writer, out, 0, out.length);
        t.decode(reader, tel, 0, telLen);
        t.encode(writer, out, 0, out.length);
    }
}
