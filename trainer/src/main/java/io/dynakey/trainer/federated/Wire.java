package io.dynakey.trainer.federated;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The byte codec of plans and statistics: unsigned LEB128 varints, zig-zag signed varints,
 * length-prefixed UTF-8 strings. Not thread-safe (one writer or reader per message).
 */
final class Wire {

    /** Refused: a message this big is not one the protocol produces (a broken or hostile peer). */
    static final int MAX_MESSAGE = 256 << 20;

    private Wire() {
    }

    /** Appends values to a growing buffer. */
    static final class Out {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Out bytes(byte[] b) {
            buf.write(b, 0, b.length);
            return this;
        }

        Out u(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative unsigned varint");
            }
            while (v >= 0x80) {
                buf.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf.write((int) v);
            return this;
        }

        Out s(long v) {
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                buf.write((int) (z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf.write((int) z);
            return this;
        }

        Out str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u(b.length);
            return bytes(b);
        }

        byte[] toBytes() {
            return buf.toByteArray();
        }
    }

    /** Reads values; every malformed input is a {@link FederatedException}. */
    static final class In {
        private final byte[] b;
        private int pos;
        private final String what;

        In(byte[] b, String what) throws FederatedException {
            if (b.length > MAX_MESSAGE) {
                throw new FederatedException(what + ": " + b.length + " bytes, more than the protocol's " + MAX_MESSAGE);
            }
            this.b = b;
            this.what = what;
        }

        byte[] bytes(int n) throws FederatedException {
            if (n < 0 || pos + n > b.length) {
                throw new FederatedException(what + ": truncated at byte " + pos);
            }
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        long u() throws FederatedException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= b.length) {
                    throw new FederatedException(what + ": truncated at byte " + pos);
                }
                int x = b[pos++] & 0xFF;
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    if (v < 0) {
                        throw new FederatedException(what + ": varint out of range at byte " + pos);
                    }
                    return v;
                }
            }
            throw new FederatedException(what + ": varint too long at byte " + pos);
        }

        /** An unsigned varint that must be at most {@code max}. */
        int u(int max, String field) throws FederatedException {
            long v = u();
            if (v > max) {
                throw new FederatedException(what + ": " + field + " " + v + " exceeds " + max);
            }
            return (int) v;
        }

        long s() throws FederatedException {
            long z = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= b.length) {
                    throw new FederatedException(what + ": truncated at byte " + pos);
                }
                int x = b[pos++] & 0xFF;
                z |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return (z >>> 1) ^ -(z & 1);
                }
            }
            throw new FederatedException(what + ": varint too long at byte " + pos);
        }

        String str() throws FederatedException {
            return new String(bytes(u(4096, "string length")), StandardCharsets.UTF_8);
        }

        void end() throws FederatedException {
            if (pos != b.length) {
                throw new FederatedException(what + ": " + (b.length - pos) + " trailing bytes");
            }
        }
    }

    /** Reads a message file: a regular file of at most {@link #MAX_MESSAGE} bytes. */
    static byte[] read(java.nio.file.Path file, String what) throws java.io.IOException, FederatedException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new FederatedException(file + ": no such " + what + " file");
        }
        if (java.nio.file.Files.size(file) > MAX_MESSAGE) {
            throw new FederatedException(file + ": larger than a " + what + " file may be (" + (MAX_MESSAGE >> 20) + " MiB)");
        }
        return java.nio.file.Files.readAllBytes(file);
    }

    /** The first 16 bytes of SHA-256. */
    static byte[] digest(byte[] message) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(message), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
