package io.dynakey.fleet.run;

import io.dynakey.fleet.RiskModel;
import io.dynakey.fleet.TrafficSource;
import java.util.List;

/**
 * What drives a fleet run: the traffic the devices replay, the model on the devices, and notes
 * on where both came from (printed and written to the report).
 *
 * @param traffic the traffic source the fleet replays (rows the model never saw)
 * @param policyTraffic the traffic the learned policy trains on (neither the model's training rows
 *     nor the fleet's), or {@code null} when there is none
 * @param model the device model, or {@code null} when none is available (the adaptive policy is then skipped)
 * @param modelFile the signed model file, or {@code null}
 * @param notes provenance and caveats
 */
public record FleetInputs(TrafficSource traffic, TrafficSource policyTraffic, RiskModel model, byte[] modelFile, List<String> notes) {
}
