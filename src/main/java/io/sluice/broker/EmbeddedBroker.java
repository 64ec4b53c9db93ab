package io.sluice.broker;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The embedded Artemis broker: persistent (parked mail survives a restart), in-VM acceptor, and a
 * core-protocol TCP acceptor on loopback only when asked for (never the default AMQP/MQTT ports, which
 * other services of this machine use). Started before the routes, stopped after them.
 */
public final class EmbeddedBroker extends ServiceSupport {

    /** The queue where mail held back by flow control waits for its scheduled time. */
    public static final String PARKED_QUEUE = "sluice.parked";

    private final BrokerSettings settings;
    private EmbeddedActiveMQ broker;

    public EmbeddedBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doStart() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("sluice-" + settings.vmId())
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(settings.dataDir().resolve("journal").toString())
                .setBindingsDirectory(settings.dataDir().resolve("bindings").toString())
                .setLargeMessagesDirectory(settings.dataDir().resolve("large").toString())
                .setPagingDirectory(settings.dataDir().resolve("paging").toString())
                .setJMXManagementEnabled(true)
                .addAcceptorConfiguration("in-vm", "vm://" + settings.vmId());
        if (settings.tcpPort() > 0) {
            config.addAcceptorConfiguration("core", "tcp://127.0.0.1:" + settings.tcpPort() + "?protocols=CORE");
        }
        // Paging keeps memory bounded however many messages are parked.
        config.addAddressSetting("#", new AddressSettings().setMaxSizeBytes(64L * 1024 * 1024)
                .setAddressFullMessagePolicy(org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy.PAGE));
        config.addAddressConfiguration(new CoreAddressConfiguration().setName(PARKED_QUEUE)
                .addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(PARKED_QUEUE).setRoutingType(RoutingType.ANYCAST)));
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }
}
