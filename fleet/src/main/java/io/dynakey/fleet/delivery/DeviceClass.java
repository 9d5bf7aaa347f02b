package io.dynakey.fleet.delivery;

import io.dynakey.fleet.LinkProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * A class of devices that share a link and a telemetry rhythm: the context of the delivery bandit.
 *
 * @param link              the link every device of the class sits behind (its name names the class)
 * @param telemetryPeriodMs how often a device that never sleeps reports telemetry, ms (&gt;= 100); a
 *                          sleeping device reports at the start of each wake window
 */
public record DeviceClass(LinkProfile link, int telemetryPeriodMs) {

    /** Validates the period. */
    public DeviceClass {
        if (link == null) {
            throw new IllegalArgumentException("a device class needs a link profile");
        }
        if (telemetryPeriodMs < 100) {
            throw new IllegalArgumentException(link.name() + ": telemetry period must be >= 100 ms");
        }
    }

    /** The class name (the link profile's). */
    public String name() {
        return link.name();
    }

    /** The strategies worth offering this class: waiting for a wake window only where devices sleep. */
    public List<DeliveryStrategy> strategies() {
        List<DeliveryStrategy> s = new ArrayList<>(List.of(DeliveryStrategy.DEFAULT, DeliveryStrategy.RETRY_FAST,
                DeliveryStrategy.RETRY_PATIENT, DeliveryStrategy.PIGGYBACK));
        if (link.sleeps()) {
            s.add(DeliveryStrategy.WAKE_WINDOW);
        }
        return s;
    }

    /** The same class with every link's loss set to {@code share}. */
    public DeviceClass withLoss(double share) {
        return new DeviceClass(link.withLoss(share), telemetryPeriodMs);
    }

    /**
     * The standard classes of the delivery benchmark and the CLI, all at loss {@code loss}: {@code mains}
     * (5 ms ± 5 ms one way, always awake), {@code radio} (60 ms + up to 60 ms jitter, 1 % duplicated, 2 %
     * reordered, always awake) and {@code sleepy} (30 ms + 20 ms, radio on 2 s of every 6 s); telemetry
     * every 5 s when awake.
     */
    public static List<DeviceClass> standard(double loss) {
        return List.of(
                new DeviceClass(new LinkProfile("mains", loss, 5, 5, 0, 0, 0, 0), 5_000),
                new DeviceClass(new LinkProfile("radio", loss, 60, 60, 0.01, 0.02, 0, 0), 5_000),
                new DeviceClass(new LinkProfile("sleepy", loss, 30, 20, 0, 0, 6_000, 2_000), 5_000));
    }
}
