package io.dynakey.trainer.sequence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One unidirectional GRU layer and a linear head, many-to-many: input {@code (x)} or
 * {@code (x, h0)} with {@code x} of shape (batch, time, inputs) and {@code h0} of shape
 * (1, batch, hidden); output {@code (logits, hT)} with logits of shape (batch, time), one
 * compromise logit per step, and the GRU's last state. Causal by construction: a GRU reads its
 * steps in order and the head sees one step's state at a time.
 */
final class GruTagger extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hidden;
    private final GRU gru;
    private final Linear head;

    GruTagger(int hidden) {
        super(VERSION);
        this.hidden = hidden;
        gru = addChildBlock("gru", GRU.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true)
                .optReturnState(true).build());
        head = addChildBlock("head", Linear.builder().setUnits(1).build());
    }

    /** @return trainable scalars of a tagger over {@code inputs} inputs with {@code hidden} units */
    static long parameterCount(int inputs, int hidden) {
        return 3L * hidden * (inputs + hidden) + 6L * hidden + hidden + 1;
    }

    /** @return the shape of the GRU's input-to-hidden weights, (3 hidden, inputs) when initialised or loaded */
    Shape inputWeightShape() {
        for (var p : gru.getParameters()) {
            if (p.getKey().endsWith("i2h_WEIGHT")) {
                return p.getValue().getArray().getShape();
            }
        }
        throw new IllegalStateException("no input weights in the GRU");
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        // the GRU appends a zero state to a one-element list: give it a copy
        NDList out = gru.forward(store, new NDList(inputs), training);
        NDArray logits = head.forward(store, new NDList(out.get(0)), training).singletonOrThrow().squeeze(-1);
        return new NDList(logits, out.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {new Shape(x.get(0), x.get(1)), new Shape(1, x.get(0), hidden)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        gru.initialize(manager, dataType, x);
        head.initialize(manager, dataType, new Shape(x.get(0), x.get(1), hidden));
    }
}
