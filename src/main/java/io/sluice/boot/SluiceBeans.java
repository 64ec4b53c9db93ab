package io.sluice.boot;

import io.sluice.broker.BrokerSettings;
import io.sluice.cluster.InstanceLiveness;
import io.sluice.lifecycle.DeliveryBoard;
import io.sluice.quarantine.QuarantineStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Binds the beans the routes call, built from validated {@code sluice.*} properties, one configuration class per
 * concern, called in order: each one's beans are what the next ones are built from. Anything invalid or missing
 * stops start-up with a message naming the property ({@link Wiring}). A bean already in the registry (a test's
 * clock, say) is kept.
 */
public class SluiceBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Wiring w = Wiring.of(context, this);
        try {
            wire(w);
        } catch (Exception e) {
            w.closeAfterFailure(e);
            throw e;
        }
    }

    private static void wire(Wiring w) throws Exception {
        DatabaseWiring db = DatabaseWiring.wire(w);
        ClaimWiring claim = ClaimWiring.wire(w, db.settings().postgres());
        InstanceLiveness liveness = ClusterWiring.wire(w, db.dataSource(), claim.settings().instanceId(),
                db.settings().postgres());
        RoutingWiring routing = RoutingWiring.wire(w, db.dataSource());
        QuarantineStore quarantine = QuarantineWiring.wire(w, db.dataSource(), routing::flowSettings);
        BounceWiring.wire(w, db.dataSource(), routing, quarantine);
        BrokerSettings broker = BrokerWiring.wire(w);
        FlowControlWiring flow = FlowControlWiring.wire(w, db.dataSource(), claim, routing, broker);
        ClusterWiring.wireFlowState(w, db.dataSource(), flow.registry(), claim.settings().instanceId(),
                db.settings().postgres(), liveness);
        DeliveryBoard deliveryBoard = LifecycleWiring.wire(w, db.dataSource(), claim, flow, routing.catalog());
        ObservabilityWiring.wire(w, db.dataSource(), routing.policy(), flow.registry(), broker, deliveryBoard);
        SmtpWiring.wire(w, routing.destinationLimits(), flow.registry());
        PolicyWiring.wire(w, routing, flow.registry());
    }
}
