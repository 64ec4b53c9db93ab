package io.sluice.health;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;

import java.time.Duration;
import java.util.function.Supplier;

/** The broker accepts a new JMS connection (a fresh factory each time: no cached connection hides an outage). */
public final class BrokerHealthCheck extends TimedHealthCheck {

    private final Supplier<ConnectionFactory> factories;
    private final String where;

    public BrokerHealthCheck(Supplier<ConnectionFactory> factories, String where, Duration timeout) {
        super("broker", timeout);
        this.factories = factories;
        this.where = where;
    }

    @Override
    protected String probe() throws Exception {
        ConnectionFactory f = factories.get();
        try (Connection c = f.createConnection()) {
            c.start();
            return "connected to " + where;
        } finally {
            if (f instanceof AutoCloseable a) {
                a.close();
            }
        }
    }
}
