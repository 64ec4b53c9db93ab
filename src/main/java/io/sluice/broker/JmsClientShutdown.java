package io.sluice.broker;

import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Closes the shared JMS connection of the caching factory when the Camel context stops. Added to the context
 * after the {@link EmbeddedBroker}, so Camel (which stops services in reverse order, after the routes and their
 * JMS consumers) closes the client first and stops the broker last: a broker stopping under an open connection
 * cuts it, and Spring's factory logs the cut as a stack trace ("AMQ219015 ... server shutdown").
 */
public final class JmsClientShutdown extends ServiceSupport {

    private final CachingConnectionFactory connectionFactory;

    public JmsClientShutdown(CachingConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    @Override
    protected void doStop() {
        // reset, not destroy: a restarted context (Karaf bundle refresh) opens a new connection on first use
        connectionFactory.resetConnection();
    }
}
