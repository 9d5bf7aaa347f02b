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

    @Test
    void the_temporal_detector_reproduces_every_window_of_the_temporal_golden_model() throws Exception {
        // given the 1.2 golden model and its rows grouped into windows
        String name = GoldenVectors.TEMPORAL_NAME;
        TemporalDetector d = new TemporalDetector(TinyModel.parse(GoldenVectors.modelBytes(name)));
        GoldenVectors.TemporalCases g = GoldenVectors.temporalCases(name);
        int row = 0;
        for (int w = 0; w < g.windows.length; w++) {
            // when the window's rows are added and it closes
            for (int r = 0; r < g.windowRows[w]; r++, row++) {
                assertEquals(g.rowOutputs[row][1], d.addRow(g.rows[row], 0), name + " row " + row + " risk");
            }
            int risk = d.endWindow(g.windowEnd[w]);
            // then the first-stage aggregates, every temporal value and the decision risk are the recorded ones
            int[] want = g.windows[w];
            assertEquals(want[1], d.lastMeanRisk(), name + " window " + w + " mean");
            assertEquals(want[2], d.lastMaxRisk(), name + " window " + w + " max");
            assertEquals(want[3], d.lastHighShare(), name + " window " + w + " high share");
            for (int k = 0; k < d.state().featureCount(); k++) {
                assertEquals(want[4 + k], d.state().value(k), name + " window " + w + " temporal feature " + k);
            }
            assertEquals(want[0], risk, name + " window " + w + " decision risk");
        }
        assertEquals(g.rows.length, row);
    }
}
