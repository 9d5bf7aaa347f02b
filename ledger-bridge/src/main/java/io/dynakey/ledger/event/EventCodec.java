package io.dynakey.ledger.event;

import io.dynakey.ledger.event.EventFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.util.Pack;

/**
 * The canonical byte encoding of events, version {@value #VERSION}. Big-endian, fixed field order,
 * no optional fields, so one event has exactly one encoding; the decoder rejects anything else.
 *
 * <pre>
 * event = u8 version | u64 seq | i64 timeMillis | u8 type | fields
 * body  = u8 version | u8 type | fields            (what the outbox stores)
 * id    = u8 length (1..64) | printable ASCII bytes
 * ENROLLED        id deviceId | u64 epoch | 16 commitment
 * ROTATED         id deviceId | u64 epoch | u8 reason | u16 risk | u32 modelVersion | 16 commitment
 * GROUP_REKEYED   id groupId | u64 groupVersion | u8 reason | u32 memberCount | 16 commitment
 * REVOKED         id deviceId | u64 epoch | u8 reason
 * MODEL_PUBLISHED id modelId | u32 modelVersion | 32 fileSha256
 * ANOMALY_FLAGGED id deviceId | u8 kind | u16 risk | u32 modelVersion
 * MODEL_ROLLOUT   id groupId | u8 action | u32 modelVersion | 32 fileSha256
 * </pre>
 * Stateless and thread-safe.
 */
public final class EventCodec {

    /** Encoding version written in the first byte. */
    public static final int VERSION = 1;

    /** Upper bound of an encoded event's length in bytes. */
    public static final int MAX_EVENT_LENGTH = 1 + 8 + 8 + 1 + 1 + Ids.MAX_LENGTH + 8 + 1 + 4 + 32;

    private EventCodec() {
    }

    /** The canonical encoding of {@code event}. */
    public static byte[] encode(LedgerEvent event) {
        Writer w = new Writer();
        w.u8(VERSION);
        w.u64(event.seq());
        w.u64(event.timeMillis());
        writeBody(w, event.body());
        return w.toBytes();
    }

    /** The canonical encoding of a body alone, as the gateway's outbox stores it. */
    public static byte[] encodeBody(EventBody body) {
        Writer w = new Writer();
        w.u8(VERSION);
        writeBody(w, body);
        return w.toBytes();
    }

    /** Decodes a canonical event; anything else is rejected with the reason and offset. */
    public static LedgerEvent decode(byte[] bytes) throws EventFormatException {
        Reader r = new Reader(bytes);
        r.version();
        long seq = r.u64();
        if (seq < 1) {
            throw new EventFormatException(Reason.OUT_OF_RANGE, 1, "seq must be >= 1");
        }
        long time = r.u64();
        EventBody body = readBody(r);
        r.end();
        return new LedgerEvent(seq, time, body);
    }

    /** Decodes a body as written by {@link #encodeBody(EventBody)}. */
    public static EventBody decodeBody(byte[] bytes) throws EventFormatException {
        Reader r = new Reader(bytes);
        r.version();
        EventBody body = readBody(r);
        r.end();
        return body;
    }

    private static void writeBody(Writer w, EventBody body) {
        w.u8(body.type().code());
        if (body instanceof Enrolled e) {
            w.id(e.deviceId());
            w.u64(e.epoch());
            w.commitment(e.key());
        } else if (body instanceof Rotated e) {
            w.id(e.deviceId());
            w.u64(e.epoch());
            w.u8(e.reason());
            w.u16(e.riskPermille());
            w.u32(e.modelVersion());
            w.commitment(e.key());
        } else if (body instanceof GroupRekeyed e) {
            w.id(e.groupId());
            w.u64(e.groupVersion());
            w.u8(e.reason());
            w.u32(e.memberCount());
            w.commitment(e.key());
        } else if (body instanceof Revoked e) {
            w.id(e.deviceId());
            w.u64(e.epoch());
            w.u8(e.reason());
        } else if (body instanceof ModelPublished e) {
            w.id(e.modelId());
            w.u32(e.modelVersion());
            w.raw(e.fileSha256());
        } else if (body instanceof AnomalyFlagged e) {
            w.id(e.deviceId());
            w.u8(e.kind());
            w.u16(e.riskPermille());
            w.u32(e.modelVersion());
        } else if (body instanceof ModelRollout e) {
            w.id(e.groupId());
            w.u8(e.action());
            w.u32(e.modelVersion());
            w.raw(e.fileSha256());
        } else {
            throw new IllegalArgumentException("unknown body " + body.getClass());
        }
    }

    private static EventBody readBody(Reader r) throws EventFormatException {
        int typeOffset = r.pos;
        int code = r.u8();
        EventType type = EventType.ofCode(code);
        if (type == null) {
            throw new EventFormatException(Reason.UNKNOWN_TYPE, typeOffset, "type code " + code);
        }
        int start = r.pos;
        try {
            return switch (type) {
                case ENROLLED -> new Enrolled(r.id(), r.nonNegative(), r.commitment());
                case ROTATED -> new Rotated(r.id(), r.nonNegative(), r.u8(), r.u16(), r.u32(), r.commitment());
                case GROUP_REKEYED -> new GroupRekeyed(r.id(), r.nonNegative(), r.u8(), r.u32AsInt(), r.commitment());
                case REVOKED -> new Revoked(r.id(), r.nonNegative(), r.u8());
                case MODEL_PUBLISHED -> new ModelPublished(r.id(), r.u32(), r.raw(ModelPublished.DIGEST_LENGTH));
                case ANOMALY_FLAGGED -> new AnomalyFlagged(r.id(), r.u8(), r.u16(), r.u32());
                case MODEL_ROLLOUT -> new ModelRollout(r.id(), r.u8(), r.u32(), r.raw(ModelPublished.DIGEST_LENGTH));
            };
        } catch (IllegalArgumentException e) {
            throw new EventFormatException(Reason.OUT_OF_RANGE, start, e.getMessage());
        }
    }

    private static final class Writer {
        private byte[] buf = new byte[128];
        private int len;

        void u8(int v) {
            ensure(1);
            buf[len++] = (byte) v;
        }

        void u16(int v) {
            u8(v >>> 8);
            u8(v);
        }

        void u32(long v) {
            ensure(4);
            Pack.intToBigEndian((int) v, buf, len);
            len += 4;
        }

        void u64(long v) {
            ensure(8);
            Pack.longToBigEndian(v, buf, len);
            len += 8;
        }

        void id(String id) {
            byte[] b = id.getBytes(StandardCharsets.US_ASCII);
            u8(b.length);
            raw(b);
        }

        void commitment(KeyCommitment c) {
            ensure(KeyCommitment.LENGTH);
            c.writeTo(buf, len);
            len += KeyCommitment.LENGTH;
        }

        void raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        byte[] toBytes() {
            return Arrays.copyOf(buf, len);
        }
    }

    private static final class Reader {
        private final byte[] in;
        private int pos;

        Reader(byte[] in) {
            this.in = in;
        }

        void version() throws EventFormatException {
            int v = u8();
            if (v != VERSION) {
                throw new EventFormatException(Reason.UNKNOWN_VERSION, 0, "encoding version " + v);
            }
        }

        void end() throws EventFormatException {
            if (pos != in.length) {
                throw new EventFormatException(Reason.TRAILING_BYTES, pos, (in.length - pos) + " bytes after the event");
            }
        }

        private void need(int n) throws EventFormatException {
            if (in.length - pos < n) {
                throw new EventFormatException(Reason.TRUNCATED, pos, "need " + n + " more bytes, have " + (in.length - pos));
            }
        }

        int u8() throws EventFormatException {
            need(1);
            return in[pos++] & 0xFF;
        }

        int u16() throws EventFormatException {
            return (u8() << 8) | u8();
        }

        long u32() throws EventFormatException {
            need(4);
            long v = Pack.bigEndianToInt(in, pos) & 0xFFFFFFFFL;
            pos += 4;
            return v;
        }

        int u32AsInt() throws EventFormatException {
            int at = pos;
            long v = u32();
            if (v > Integer.MAX_VALUE) {
                throw new EventFormatException(Reason.OUT_OF_RANGE, at, "count above 2^31-1");
            }
            return (int) v;
        }

        long u64() throws EventFormatException {
            need(8);
            long v = Pack.bigEndianToLong(in, pos);
            pos += 8;
            return v;
        }

        long nonNegative() throws EventFormatException {
            int at = pos;
            long v = u64();
            if (v < 0) {
                throw new EventFormatException(Reason.OUT_OF_RANGE, at, "value above 2^63-1");
            }
            return v;
        }

        String id() throws EventFormatException {
            int at = pos;
            int n = u8();
            if (n < 1 || n > Ids.MAX_LENGTH) {
                throw new EventFormatException(Reason.BAD_STRING, at, "id length " + n);
            }
            need(n);
            String s = new String(in, pos, n, StandardCharsets.ISO_8859_1);
            if (!Ids.valid(s)) {
                throw new EventFormatException(Reason.BAD_STRING, at, "id is not printable ASCII");
            }
            pos += n;
            return s;
        }

        KeyCommitment commitment() throws EventFormatException {
            return KeyCommitment.fromBytes(raw(KeyCommitment.LENGTH));
        }

        byte[] raw(int n) throws EventFormatException {
            need(n);
            byte[] b = Arrays.copyOfRange(in, pos, pos + n);
            pos += n;
            return b;
        }
    }
}
