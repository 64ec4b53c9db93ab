package io.sluice.broker;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
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
        if (settings.user() != null && !settings.user().isBlank()) {
            artemis.setUser(settings.user());
            artemis.setPassword(settings.password());
        }
        artemis.setReconnectAttempts(-1);
        CachingConnectionFactory caching = new CachingConnectionFactory((ConnectionFactory) artemis);
        caching.setSessionCacheSize(32);
        caching.setReconnectOnException(true);
        return caching;
    }
}
