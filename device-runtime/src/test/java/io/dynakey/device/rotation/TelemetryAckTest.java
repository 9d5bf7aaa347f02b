package io.dynakey.device.rotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.wire.WireMessage;
import org.junit.jupiter.api.Test;

class TelemetryAckTest {

    private static TelemetryAck roundTrip(TelemetryAck ack) throws Exception {
        byte[] out = new byte[TelemetryAck.MAX_ENCODED_LENGTH];
        int n = ack.encode(new CborWriter(), out, 0, out.length);
        TelemetryAck back = new TelemetryAck();
        back.decode(WireMessage.newReader(), out, 0, n);
        return back;
    }

    @Test
    void the_group_key_version_travels_when_set_and_reads_as_minus_one_when_absent() throws Exception {
        TelemetryAck ack = new TelemetryAck();
        ack.action = TelemetryAck.ACTION_ROTATE_SOON;
        ack.riskPermille = 420;
        ack.modelVersion = 0xFFFFFFFFL;
        ack.groupKeyVersion = 0xFFFFFFFFL;

        TelemetryAck with = roundTrip(ack);
        ack.groupKeyVersion = -1;
        TelemetryAck without = roundTrip(ack);

        assertEquals(0xFFFFFFFFL, with.groupKeyVersion);
        assertEquals(420, with.riskPermille);
        assertEquals(0xFFFFFFFFL, with.modelVersion);
        assertEquals(-1, without.groupKeyVersion);
        assertEquals(TelemetryAck.ACTION_ROTATE_SOON, without.action);
    }

    @Test
    void a_map_of_two_or_five_entries_or_a_wrong_fourth_key_is_refused() {
        byte[] two = {(byte) 0xa2, 1, 0, 2, 0};
        byte[] five = {(byte) 0xa5, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0};
        byte[] wrongKey = {(byte) 0xa4, 1, 0, 2, 0, 3, 0, 5, 0};
        for (byte[] b : new byte[][] {two, five, wrongKey}) {
            assertThrows(CborException.class, () -> new TelemetryAck().decode(WireMessage.newReader(), b, 0, b.length));
        }
    }
}
