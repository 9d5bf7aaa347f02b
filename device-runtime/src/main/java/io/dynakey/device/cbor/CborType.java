package io.dynakey.device.cbor;

/** Item kinds reported by {@link CborReader#peekType()}. Int constants, not an enum (device rule). */
public final class CborType {

    public static final int UNSIGNED = 0;
    public static final int NEGATIVE = 1;
    public static final int BYTES = 2;
    public static final int TEXT = 3;
    public static final int ARRAY = 4;
    public static final int MAP = 5;
    public static final int FALSE = 20;
    public static final int TRUE = 21;
    public static final int NULL = 22;
    /** No item left. */
    public static final int END = -1;

    private CborType() {
    }
}
