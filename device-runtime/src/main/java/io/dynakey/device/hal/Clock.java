package io.dynakey.device.hal;

/** The board's time source. In simulation it is virtual time. */
public interface Clock {

    /** Milliseconds since an arbitrary fixed epoch; never decreases. */
    long currentTimeMillis();
}
