package io.dynakey.trainer.model;

import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/** Shared Tribuo label constants. */
final class LabelOutputs {

    static final LabelFactory FACTORY = new LabelFactory();
    static final Label UNKNOWN = LabelFactory.UNKNOWN_LABEL;

    private LabelOutputs() {
    }
}
