package io.dynakey.trainer.model;

/** What the model predicts. */
public enum Task {
    /** benign / attack */
    BINARY,
    /** attack type (benign is one of the classes) */
    MULTICLASS
}
