package io.sluice.boot;

import io.sluice.broadlog.BroadlogMessageCatalog;
import io.sluice.lifecycle.DeliveryBoard;
import io.sluice.lifecycle.DeliveryGuard;
import io.sluice.lifecycle.LifecycleTicket;
import io.sluice.lifecycle.SendingWindow;

import javax.sql.DataSource;

/**
 * Delivery lifecycle (sluice.lifecycle.*, sluice.window.*, sluice.delivery.cap-horizon): pause/resume/stop,
 * validity, sending windows and per-delivery caps; states read from the database at most once per claim poll.
 * Also binds the routes' per-message predicates and expressions ({@link RouteExpressions}).
 */
final class LifecycleWiring {

    private LifecycleWiring() {
    }

    static DeliveryBoard wire(Wiring w, DataSource dataSource, ClaimWiring claim, FlowControlWiring flow,
                              BroadlogMessageCatalog catalog) {
        DeliveryBoard deliveryBoard = new DeliveryBoard(dataSource, w.clock,
                w.duration("sluice.lifecycle.state-max-age"), globalWindow(w),
                (int) Math.max(1, w.duration("sluice.delivery.cap-horizon").toSeconds()));
        Wiring.LOG.info("Lifecycle: {}", deliveryBoard);
        w.registry.bind("deliveryBoard", deliveryBoard);
        // the routes' per-message predicates and expressions (ref language): see RouteExpressions for why
        RouteExpressions.bind(w.registry, flow.gate(), deliveryBoard, claim.leaseGuard(), claim.ticket());
        LifecycleTicket lifecycleTicket = new LifecycleTicket(catalog, w.clock, claim.settings().lease(),
                w.duration("sluice.lifecycle.empty-delivery-grace"));
        w.registry.bind("lifecycleTicket", lifecycleTicket);
        w.registry.bind("deliveryGuard", new DeliveryGuard(deliveryBoard, lifecycleTicket, w.clock,
                w.duration("sluice.lifecycle.paused-recheck")));
        return deliveryBoard;
    }

    /** The global sending window (sluice.window.days/from/to/zone), or null when sluice.window.days is empty. */
    static SendingWindow globalWindow(Wiring w) {
        String days = w.text("sluice.window.days");
        if (days.isEmpty()) {
            return null;
        }
        try {
            return SendingWindow.of(days, w.text("sluice.window.from"), w.text("sluice.window.to"),
                    w.text("sluice.window.zone"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sluice.window.*: " + e.getMessage(), e);
        }
    }
}
