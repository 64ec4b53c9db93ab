package io.sluice.broker;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQQueueConnectionFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The JMS connection factory for camel-jms: Artemis' Jakarta client behind Spring's caching factory (one
 * shared connection, cached sessions and producers) — camel-jms would otherwise open a connection per send.
 */
public final class ConnectionFactories {

    private ConnectionFactories() {
    }

    public static CachingConnectionFactory create(BrokerSettings settings) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(settings.clientUrl());
        withCredentials(artemis, settings);
        // No reconnection inside the Artemis client: after a broker restart its transparent session failover left
        // the unpark consumer attached but receiving nothing (BrokerRestartTest, CI run: 107 released messages
        // never consumed). Without it the connection fails, Spring's caching factory drops it (reconnectOnException)
        // and camel-jms' listener container builds a new connection and consumer every recovery interval until the
        // broker answers; a park send meanwhile fails at once and the row waits in the database.
        artemis.setReconnectAttempts(0);
        // A broker that died without closing the connection (kill -9 seen as a silent peer) would hold a blocking
        // send for callTimeout (30 s), a sender thread and with it every domain's mail. Bounded, the send fails and
        // the park route keeps the mail in the database instead (routes/flow-control.camel.yaml, park-message); a
        // durable send normally gets its answer within milliseconds. (callFailoverTimeout is not set: it bounds calls
        // during a failover, which reconnectAttempts=0 rules out.)
        artemis.setCallTimeout(settings.sendTimeout().toMillis());
        CachingConnectionFactory caching = new CachingConnectionFactory((ConnectionFactory) artemis);
        caching.setSessionCacheSize(32);
        caching.setReconnectOnException(true);
        return caching;
    }

    /**
     * A plain queue connection factory for the management operations on the parked queue (release, remove): one
     * connection per operation, no reconnection, so an operation fails at once while the broker is down instead of
     * waiting for it. With the external broker's credentials.
     */
    public static ActiveMQQueueConnectionFactory management(BrokerSettings settings) {
        ActiveMQQueueConnectionFactory factory = new ActiveMQQueueConnectionFactory(settings.clientUrl());
        withCredentials(factory, settings);
        return factory;
    }

    /** The external broker's user and password, when one is configured (the embedded broker needs none). */
    private static void withCredentials(ActiveMQConnectionFactory factory, BrokerSettings settings) {
        if (settings.user() != null && !settings.user().isBlank()) {
            factory.setUser(settings.user());
            factory.setPassword(settings.password());
        }
    }
}
