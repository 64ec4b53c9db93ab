package io.sluice.boot;

import io.sluice.broker.BrokerSettings;
import io.sluice.console.ConsoleSettings;
import io.sluice.console.HawtioConsole;
import io.sluice.diagnosis.Diagnosis;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.health.SluiceHealth;
import io.sluice.health.SmtpTransportsHealthCheck;
import io.sluice.lifecycle.DeliveryBoard;
import io.sluice.lifecycle.DeliveryCommands;
import io.sluice.metrics.MetricsEndpoint;
import io.sluice.metrics.MetricsSettings;
import io.sluice.policy.LivePolicy;
import io.sluice.policy.PolicyHealthCheck;
import io.sluice.progress.DeliveryProgressMonitor;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * What operators look at: the diagnosis report over JMX, the console (sluice.console.*), Prometheus metrics
 * (sluice.metrics.*), health checks (sluice.health.*) and per-delivery progress (sluice.progress.*).
 */
final class ObservabilityWiring {

    /** The routes' placeholders of the progress routes' timers (routes/progress.camel.yaml). */
    static final String PROGRESS_LOG_MILLIS = "sluice.progress.log-interval-millis";
    static final String PROGRESS_REFRESH_MILLIS = "sluice.progress.refresh-interval-millis";

    private ObservabilityWiring() {
    }

    static void wire(Wiring w, DataSource dataSource, LivePolicy policy, FlowControlRegistry flowControl,
                     BrokerSettings broker, DeliveryBoard deliveryBoard) throws Exception {
        // Diagnosis report over JMX: sluice:type=Diagnosis,name=report report(deliveryId) / reportHtml(deliveryId).
        w.context.addService(new Diagnosis(dataSource, w.clock, w.text("sluice.jmx.instance")));
        // Console (Hawtio + Jolokia): refuses to start with an empty password (own realm), a port taken or files it
        // cannot write.
        HawtioConsole.install(w.context, new ConsoleSettings(w.flag("sluice.console.enabled"),
                w.text("sluice.console.host"), w.integer("sluice.console.port"), w.text("sluice.console.realm"),
                w.text("sluice.console.user"),
                w.text("sluice.console.password"), w.text("sluice.console.role"), w.dataDir.resolve("console"),
                java.util.Arrays.asList(w.text("sluice.console.allowed-origins").split(","))));
        // Prometheus metrics: Camel route metrics and the flow-control gauges.
        MetricsEndpoint metricsEndpoint = MetricsEndpoint.install(w.context, dataSource, flowControl,
                new MetricsSettings(w.flag("sluice.metrics.enabled"), w.text("sluice.metrics.host"),
                        w.integer("sluice.metrics.port"), w.integer("sluice.metrics.top-domains"),
                        w.text("sluice.metrics.exclude-routes"), w.dataDir.resolve("metrics")));
        // Health checks (database, broker, SMTP transports) in Camel's registry; /health, /health/ready,
        // /health/live on the metrics port. A fresh broker factory per probe: the cached one would hide an outage.
        Duration healthTimeout = w.duration("sluice.health.timeout");
        SmtpTransportsHealthCheck smtpCheck = !w.flag("sluice.health.smtp.enabled") ? null
                : new SmtpTransportsHealthCheck(policy.policies().transports(), SmtpWiring.heloName(w), healthTimeout,
                        w.duration("sluice.health.smtp.interval"), w.clock);
        SluiceHealth.install(w.context, dataSource,
                () -> new ActiveMQConnectionFactory(broker.clientUrl(), broker.user().isEmpty() ? null : broker.user(),
                        broker.password().isEmpty() ? null : broker.password()),
                broker.embedded() ? "the embedded broker" : broker.url(),
                healthTimeout, metricsEndpoint, smtpCheck, new PolicyHealthCheck(policy));
        // Per-delivery progress: MBeans sluice:type=Delivery,name=<id> and the progress log line.
        Duration progressLog = w.duration("sluice.progress.log-interval");
        Duration progressRefresh = w.duration("sluice.progress.refresh-interval");
        DeliveryProgressMonitor progress = new DeliveryProgressMonitor(dataSource, w.clock,
                w.duration("sluice.progress.min-refresh"), w.text("sluice.jmx.instance"), deliveryBoard,
                new DeliveryCommands(dataSource, w.clock));
        w.context.addService(progress);
        w.registry.bind("deliveryProgress", progress);
        w.derive(PROGRESS_LOG_MILLIS, String.valueOf(Math.max(1000, progressLog.toMillis())));
        w.derive(PROGRESS_REFRESH_MILLIS, String.valueOf(Math.max(500, progressRefresh.toMillis())));
        // normalised (True -> true) for the route's autoStartup
        w.derive("sluice.progress.log-enabled", String.valueOf(w.flag("sluice.progress.log-enabled")));
    }
}
