package io.sluice.health;

import io.sluice.metrics.MetricsEndpoint;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.function.Supplier;

/** Registers Sluice's health checks in Camel's health-check registry and serves them on the metrics endpoint. */
public final class SluiceHealth {

    private SluiceHealth() {
    }

    /**
     * @param smtp   the SMTP transports check, or null when it is disabled ({@code sluice.health.smtp.enabled=false})
     * @param policy the live policy's check (io.sluice.policy), or null
     */
    public static void install(CamelContext context, DataSource dataSource,
                                              Supplier<ConnectionFactory> broker, String brokerWhere, Duration timeout,
                                              MetricsEndpoint endpoint, SmtpTransportsHealthCheck smtp,
                                              HealthCheck policy) {
        // Bound as beans: the health-check registry Camel Main sets up picks up every HealthCheck bean; ensure()
        // registers them too, whichever registry is in place when they are first asked for.
        DatabaseHealthCheck database = new DatabaseHealthCheck(dataSource, timeout);
        BrokerHealthCheck brokerCheck = new BrokerHealthCheck(broker, brokerWhere, timeout);
        context.getRegistry().bind("sluiceDatabaseHealthCheck", database);
        context.getRegistry().bind("sluiceBrokerHealthCheck", brokerCheck);
        java.util.List<HealthCheck> all = new java.util.ArrayList<>(java.util.List.of(database, brokerCheck));
        if (smtp != null) {
            context.getRegistry().bind("sluiceSmtpHealthCheck", smtp);
            all.add(smtp);
        }
        if (policy != null) {
            context.getRegistry().bind("sluicePolicyHealthCheck", policy);
            all.add(policy);
        }
        HealthCheck[] checks = all.toArray(HealthCheck[]::new);
        if (endpoint != null) {
            HealthServlet servlet = new HealthServlet(context, () -> ensure(context, checks));
            endpoint.addServlet("/health", servlet);
            endpoint.addServlet("/health/*", servlet);
        }
    }

    /** The context's health-check registry, with Sluice's checks in it (created when Camel Main made none). */
    public static synchronized HealthCheckRegistry ensure(CamelContext context, HealthCheck... checks) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            registry = new DefaultHealthCheckRegistry(context);
            context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        }
        registry.setEnabled(true);
        // "full": every check with its state (Camel's "default" level shows only the context check while all are UP)
        registry.setExposureLevel("full");
        for (HealthCheck c : checks) {
            if (registry.getCheck(c.getId()).isEmpty()) {
                registry.register(c);
            }
        }
        return registry;
    }
}
