package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class FeatureUnitsTest {

    @Test
    void every_defined_code_has_a_name_that_maps_back_to_it() {
        for (int c = 0; c <= FeatureUnits.MAX_DEFINED; c++) {
            assertEquals(c, FeatureUnits.code(FeatureUnits.name(c)));
        }
        assertEquals(FeatureUnits.PER_MINUTE, FeatureUnits.code("per_minute"));
        assertEquals(FeatureUnits.FLAGS, FeatureUnits.code("flags"));
    }

    @Test
    void undefined_codes_and_unknown_names_have_no_counterpart() {
        assertNull(FeatureUnits.name(-1));
        assertNull(FeatureUnits.name(FeatureUnits.MAX_DEFINED + 1));
        assertEquals(-1, FeatureUnits.code("Bytes"));
        assertEquals(-1, FeatureUnits.code(null));
    }
}
