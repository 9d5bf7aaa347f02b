package io.dynakey.gateway.config;

/** A text setting (an address, a name): not empty, no blanks at either end; written as is. Immutable. */
public final class TextSetting extends Setting<String> {

    /** A setting of {@code key} with default {@code def} (null: optional, unset by default). */
    public TextSetting(String key, String documentation, String def) {
        super(key, documentation, def);
    }

    @Override
    public String typeName() {
        return "text";
    }

    @Override
    String read(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        return text;
    }

    @Override
    String format(String value) {
        return value;
    }

    @Override
    String outOfBounds(String value) {
        return value.isBlank() ? "is empty" : !value.equals(value.strip()) ? "has blanks at an end" : null;
    }
}
