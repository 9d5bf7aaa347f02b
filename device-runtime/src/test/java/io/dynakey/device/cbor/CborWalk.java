package io.dynakey.device.cbor;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Test helper: walks a validated reader, printing RFC 8949 diagnostic notation and re-encoding
 * every item through a {@link CborWriter}.
 */
final class CborWalk {

    private CborWalk() {
    }

    static String diagnostic(CborReader r, CborWriter w) throws CborException {
        StringBuilder sb = new StringBuilder();
        item(r, w, sb);
        return sb.toString();
    }

    private static void item(CborReader r, CborWriter w, StringBuilder sb) throws CborException {
        switch (r.peekType()) {
            case CborType.UNSIGNED: {
                long bits = r.readUint64Bits();
                w.writeUint64Bits(bits);
                sb.append(Long.toUnsignedString(bits));
                break;
            }
            case CborType.NEGATIVE: {
                long bits = r.readNegativeUint64Bits();
                w.writeNegativeUint64Bits(bits);
                sb.append(BigInteger.ONE.negate().subtract(new BigInteger(Long.toUnsignedString(bits))));
                break;
            }
            case CborType.BYTES: {
                int len = r.readBytesInPlace();
                byte[] b = new byte[len];
                System.arraycopy(bufferOf(r, len), 0, b, 0, len);
                w.writeBytes(b, 0, len);
                sb.append("h'");
                sb.append(io.dynakey.device.testing.Hex.encode(b));
                sb.append('\'');
                break;
            }
            case CborType.TEXT: {
                byte[] b = new byte[4096];
                int len = r.readText(b, 0, b.length);
                w.writeText(b, 0, len);
                String s = new String(b, 0, len, StandardCharsets.UTF_8);
                sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                break;
            }
            case CborType.ARRAY: {
                int n = r.readArrayHeader();
                w.writeArrayHeader(n);
                sb.append('[');
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ");
                    item(r, w, sb);
                }
                sb.append(']');
                break;
            }
            case CborType.MAP: {
                int n = r.readMapHeader();
                w.writeMapHeader(n);
                sb.append('{');
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ");
                    item(r, w, sb);
                    sb.append(": ");
                    item(r, w, sb);
                }
                sb.append('}');
                break;
            }
            case CborType.FALSE:
            case CborType.TRUE: {
                boolean v = r.readBoolean();
                w.writeBoolean(v);
                sb.append(v);
                break;
            }
            case CborType.NULL:
                r.readNull();
                w.writeNull();
                sb.append("null");
                break;
            default:
                throw new AssertionError("unexpected type " + r.peekType());
        }
    }

    private static byte[] bufferOf(CborReader r, int len) {
        // the in-place content lives in the caller's buffer; tests register it here
        byte[] out = new byte[len];
        System.arraycopy(current, r.lastStringOffset(), out, 0, len);
        return out;
    }

    static byte[] current;

    /** Validates, prints and re-encodes {@code input}; returns {diagnostic, re-encoded hex}. */
    static String[] roundTrip(CborReader reader, byte[] input) throws CborException {
        current = input;
        reader.reset(input, 0, input.length);
        byte[] out = new byte[input.length + 16];
        CborWriter w = new CborWriter(16).reset(out, 0, out.length);
        String diag = diagnostic(reader, w);
        int len = w.finish();
        String hex = io.dynakey.device.testing.Hex.encode(out, 0, len);
        if (!reader.atEnd()) {
            throw new AssertionError("walk did not consume the item");
        }
        return new String[] {diag, hex};
    }
}
