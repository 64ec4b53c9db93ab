package io.sluice.flowcontrol.camel;

import org.apache.camel.Exchange;

/**
 * The per-delivery rate cap of a message (SluiceDeliveryControl.iMaxRate), for the gate to share it between instances
 * like a site's rate (sluice.cluster.shared-pacing): each instance's own per-delivery throttle caps only what that
 * instance sends, so N instances would send a capped delivery at N times its cap.
 */
@FunctionalInterface
public interface DeliveryCaps {

    /** No delivery is capped. */
    DeliveryCaps NONE = exchange -> null;

    /** @return the shared-slot key and rate of the message's delivery cap, or null when its delivery has none */
    Cap capOf(Exchange exchange);

    /**
     * A delivery's cap as the gate takes shared slots for it.
     *
     * @param key  its key in the shared slots, {@code delivery:<id>} (never a site's key: those are host names)
     * @param rate the cap, msg/s
     */
    record Cap(String key, double rate) {

        public static Cap of(long deliveryId, double rate) {
            return new Cap("delivery:" + deliveryId, rate);
        }
    }
}
