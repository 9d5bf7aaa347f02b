package io.dynakey.gateway.config;

/** An on/off setting, written {@code true} or {@code false}. Immutable. */
public final class BooleanSetting extends Setting<Boolean> {

    /** A setting of {@code key} with default {@code def}. */
    public BooleanSetting(String key, String documentation, boolean def) {
        super(key, documentation, def);
    }

    @Override
    public String typeName() {
        return "boolean";
    }

    @Override
    public String bounds() {
        return "true, false";
    }

    @Override
    Boolean read(String text) {
        if (text.equals("true")) {
            return Boolean.TRUE;
        }
        if (text.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("is neither true nor false");
    }

    @Override
    String format(Boolean value) {
        return value.toString();
    }
}
