package io.dynakey.device.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynakey.models.GoldenVectors;
import io.dynakey.models.TinyModel;
import org.junit.jupiter.api.Test;

class ForestEvaluatorGoldenTest {

    @Test
    void the_evaluator_reproduces_every_golden_vector() throws Exception {
        for (String name : GoldenVectors.NAMES) {
            // given
            ForestEvaluator ev = new ForestEvaluator(TinyModel.parse(GoldenVectors.modelBytes(name)));
            GoldenVectors g = GoldenVectors.cases(name);
            int[] out = new int[2];
            for (int i = 0; i < g.inputs.length; i++) {
                // when
                ev.evaluate(g.inputs[i], 0, out, 0);
                // then
                assertEquals(g.classes[i], out[0], name + " case " + i + " class");
                assertEquals(g.risks[i], out[1], name + " case " + i + " risk");
            }
        }
    }
}
