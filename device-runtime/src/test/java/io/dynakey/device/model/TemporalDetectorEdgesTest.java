package io.dynakey.device.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynakey.models.TemporalModels;
import io.dynakey.models.TinyModel;
import org.junit.jupiter.api.Test;

/** Edges of the temporal state and detector that the golden windows do not reach. */
class TemporalDetectorEdgesTest {

    /** The boundary file with one temporal feature, the interval (so rows may be added as risks). */
    private static TemporalDetector intervalOnly() throws Exception {
        return new TemporalDetector(TinyModel.parse(TemporalModels.boundaries().get(0)));
    }

    @Test
    void an_interval_longer_than_2_to_the_63_ms_saturates_instead_of_wrapping() throws Exception {
        // given a window at the earliest time
        TemporalDetector d = intervalOnly();
        d.endWindow(Long.MIN_VALUE);
        // when the next one ends at the latest (the difference does not fit a long)
        d.endWindow(Long.MAX_VALUE);
        // then the interval is the saturated 65535 s, not 0
        assertEquals(65535, d.state().value(0));
        // and a clock that steps back gives 0
        d.endWindow(0);
        assertEquals(0, d.state().value(0));
        d.endWindow(1999);
        assertEquals(1, d.state().value(0));
    }

    @Test
    void the_high_share_of_a_window_of_more_than_2_million_rows_does_not_overflow() throws Exception {
        // given a window of 2,500,000 high-risk rows and 500,000 quiet ones
        TemporalDetector d = intervalOnly();
        for (int i = 0; i < 2_500_000; i++) {
            d.addRisk(1000);
        }
        for (int i = 0; i < 500_000; i++) {
            d.addRisk(0);
        }
        // when it closes
        d.endWindow(1000);
        // then the share is 833 permille (highRows * 1000 once overflowed an int)
        assertEquals(833, d.lastHighShare());
        assertEquals(833, d.lastMeanRisk());
        assertEquals(1000, d.lastMaxRisk());
    }

    @Test
    void reset_gives_the_state_of_a_new_detector() throws Exception {
        // given a detector that has seen windows, and a fresh one
        TinyModel m = TinyModel.parse(TemporalModels.VALID);
        TemporalDetector used = new TemporalDetector(m);
        long[] row = {5, 1 << 20, -3, 1L << 40};
        for (int w = 0; w < 5; w++) {
            used.addRow(row, 0);
            used.endWindow(60_000L * w);
        }
        used.addRow(row, 0);
        TemporalDetector fresh = new TemporalDetector(m);
        // when one is reset
        used.reset();
        // then both give the same values on the same windows
        for (int w = 0; w < 4; w++) {
            used.addRow(row, 0);
            fresh.addRow(row, 0);
            assertEquals(fresh.endWindow(90_000L * w), used.endWindow(90_000L * w));
            for (int k = 0; k < fresh.state().featureCount(); k++) {
                assertEquals(fresh.state().value(k), used.state().value(k), "window " + w + " feature " + k);
            }
        }
    }
}
