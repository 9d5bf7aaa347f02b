package io.dynakey.devicetools.portability;

/** The device discipline rules the portability check enforces (MicroEJ EDC approximation). */
public enum Rule {
    /** Class file major version above 51 (Java 7). */
    CLASS_VERSION,
    /** {@code invokedynamic}, a method-handle or a dynamic constant: lambdas, string concatenation of Java 9+. */
    INVOKEDYNAMIC,
    /** A non-abstract method in an interface: default, static or private interface methods. */
    INTERFACE_METHOD,
    /** {@code int.class}-style literal: a read of a wrapper's {@code TYPE} field. */
    PRIMITIVE_CLASS_LITERAL,
    /** More than 31 reference instance fields in a class, superclasses included. */
    REFERENCE_FIELDS,
    /**
     * A HAL interface method that could not map to a MicroEJ SNI native: more than 15 parameters,
     * or a parameter or result that is not a primitive or a one-dimensional primitive array.
     */
    HAL_SIGNATURE,
    /** A JDK class or member outside the allow-list. */
    API
}
