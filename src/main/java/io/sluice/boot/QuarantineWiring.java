package io.sluice.boot;

import io.sluice.flowcontrol.FlowControlSettings;
import io.sluice.quarantine.QuarantineFeed;
import io.sluice.quarantine.QuarantineOperations;
import io.sluice.quarantine.QuarantineRules;
import io.sluice.quarantine.QuarantineStore;
import io.sluice.quarantine.SynchronousEvents;

import javax.sql.DataSource;
import java.util.function.Supplier;

/**
 * Quarantine (sluice.quarantine.*): the rules, the ledger the result writer and the bounce mailbox apply their events
 * to (bean {@code addressLedger}), the result writer's step (bean {@code quarantineFeed}, routes/results.xml) and the
 * MBean {@code sluice:type=Quarantine}.
 */
final class QuarantineWiring {

    private QuarantineWiring() {
    }

    /** @param flowSettings the flow-control part of the policy in force (live: read at each event) */
    static QuarantineStore wire(Wiring w, DataSource dataSource, Supplier<FlowControlSettings> flowSettings)
            throws Exception {
        QuarantineRules rules = QuarantineRules.custom()
                .softErrors(w.integer("sluice.quarantine.soft-errors"))
                .softErrorInterval(w.duration("sluice.quarantine.soft-error-interval"))
                .resetAfter(w.duration("sluice.quarantine.reset-after"))
                .build();
        QuarantineStore store = new QuarantineStore(rules);
        w.registry.bind("addressLedger", store);
        // a reply a domains.yaml rule matches is about the sender's volume or authentication: never counted
        SynchronousEvents events = new SynchronousEvents(
                reply -> flowSettings.get().rules().firstMatch(reply).isPresent());
        w.registry.bind("quarantineFeed", new QuarantineFeed(dataSource, store, events));
        w.context.addService(new QuarantineOperations(dataSource, w.clock, w.text("sluice.jmx.instance")));
        Wiring.LOG.info("Quarantine: {}", rules);
        return store;
    }
}
