package io.sluice.boot;

import io.sluice.broker.BrokerSettings;
import io.sluice.broker.ConnectionFactories;
import io.sluice.broker.EmbeddedBroker;
import io.sluice.broker.JmsClientShutdown;
import org.springframework.jms.connection.CachingConnectionFactory;

/** The broker parked mail waits on (sluice.broker.*): embedded Artemis unless sluice.broker.url names one. */
final class BrokerWiring {

    private BrokerWiring() {
    }

    static BrokerSettings wire(Wiring w) throws Exception {
        BrokerSettings broker = new BrokerSettings(w.text("sluice.broker.url"), w.dataDir.resolve("artemis"),
                w.integer("sluice.broker.embedded.vm-id"), w.integer("sluice.broker.embedded.tcp-port"),
                w.text("sluice.broker.user"), w.text("sluice.broker.password"),
                w.duration("sluice.broker.send-timeout"));
        if (broker.embedded()) {
            w.context.addService(new EmbeddedBroker(broker), true, true);
        }
        Wiring.LOG.info("Broker {}", broker);
        CachingConnectionFactory jms = ConnectionFactories.create(broker);
        w.registry.bind("jmsConnectionFactory", jms);
        // added after the broker, so stopped before it: the client closes its connection, the broker does not cut it
        w.context.addService(new JmsClientShutdown(jms), true, true);
        return broker;
    }
}
