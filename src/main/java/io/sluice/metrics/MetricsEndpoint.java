package io.sluice.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.flowcontrol.FlowControlRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves {@code /metrics} (Prometheus text: Camel route metrics, JVM-less, and {@link FlowControlMetrics}) on
 * {@code sluice.metrics.host}:{@code sluice.metrics.port} from a small embedded Tomcat. No authentication: bind it
 * to loopback or a scrape network (default 127.0.0.1).
 */
public final class MetricsEndpoint extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final PrometheusMeterRegistry meters;
    private final FlowControlMetrics flowMetrics;
    private final String host;
    private final int port;
    private final Path workDir;
    private Tomcat tomcat;
    private int boundPort;
    private final java.util.Map<String, HttpServlet> extraServlets = new java.util.LinkedHashMap<>();

    /** Serves another servlet on this endpoint (e.g. /health); call before the context starts. */
    public void addServlet(String mapping, HttpServlet servlet) {
        extraServlets.put(mapping, servlet);
    }

    MetricsEndpoint(PrometheusMeterRegistry meters, FlowControlMetrics flowMetrics, String host, int port, Path workDir) {
        this.meters = meters;
        this.flowMetrics = flowMetrics;
        this.host = host;
        this.port = port;
        this.workDir = workDir;
    }

    /** When enabled binds the registry (Camel route metrics too) and adds the endpoint; null when disabled. */
    public static MetricsEndpoint install(CamelContext context, DataSource dataSource, FlowControlRegistry flowControl,
                                          MetricsSettings settings) throws Exception {
        if (!settings.enabled()) {
            LOG.info("Metrics endpoint disabled (sluice.metrics.enabled=false)");
            return null;
        }
        int topN = settings.topDomains();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().commonTags("instance", context.getName());
        context.getRegistry().bind("metricsRegistry", meters); // camel-micrometer's default registry name
        // Route metrics per route, without a context-wide timer and without the per-message sub-routes of
        // sluice.metrics.exclude-routes. Each timed route entry costs camel-micrometer two String.format and two
        // exchange properties: the context timer and the sub-routes every message also passes (whose time is
        // inside deliver-message's) made ~4 % of the CPU and ~10 % of the allocation of bench/throughput
        // (docs/benchmarks.md, "Profiled run (stop 3)"). JMX keeps their statistics (Hawtio).
        MicrometerRoutePolicyFactory routeMetrics = new MicrometerRoutePolicyFactory();
        org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration perRoute =
                new org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration();
        perRoute.setContextEnabled(false);
        String excluded = settings.excludeRoutes().trim();
        if (!excluded.isEmpty()) {
            perRoute.setExcludePattern(excluded);
        }
        routeMetrics.setPolicyConfiguration(perRoute);
        context.addRoutePolicyFactory(routeMetrics);
        @SuppressWarnings("unchecked")
        java.util.function.Function<String, java.util.Set<String>> domainsOf =
                context.getRegistry().lookupByNameAndType("siteMembers", java.util.function.Function.class);
        FlowControlMetrics flow = domainsOf == null ? new FlowControlMetrics(meters, flowControl, dataSource, topN)
                : new FlowControlMetrics(meters, flowControl, dataSource, topN, domainsOf);
        MetricsEndpoint endpoint = new MetricsEndpoint(meters, flow, settings.host(), settings.port(),
                settings.workDir());
        context.getRegistry().bind("sluiceMetrics", endpoint);
        context.addService(endpoint, true, true);
        return endpoint;
    }

    /** The Prometheus text of now. */
    public String scrape() {
        flowMetrics.refresh();
        return meters.scrape();
    }

    @Override
    protected void doStart() throws Exception {
        // Tomcat installs a JVM-wide URL stream handler factory unless told not to; inside Karaf the framework
        // owns that factory ("factory already defined"), and Sluice needs none of Tomcat's war: URLs.
        org.apache.catalina.webresources.TomcatURLStreamHandlerFactory.disable();
        tomcat = new Tomcat();
        // Tomcat's default parent, the JVM's class loader, has no Tomcat classes in Karaf (its stop then logs a stack
        // trace for each context: JdbcLeakPrevention.class not found); Sluice's has them, standalone and in the bundle
        tomcat.getServer().setParentClassLoader(MetricsEndpoint.class.getClassLoader());
        Path base = Files.createDirectories(workDir);
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", host);
        tomcat.setConnector(connector);
        Context root = tomcat.addContext("", null);
        if (root instanceof org.apache.catalina.core.StandardContext standard) {
            // its RMI leak check needs --add-opens and warns on every stop without it; nothing here exports RMI
            standard.setClearReferencesRmiTargets(false);
        }
        Tomcat.addServlet(root, "metrics", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
                resp.getOutputStream().write(scrape().getBytes(StandardCharsets.UTF_8));
            }
        });
        root.addServletMappingDecoded("/metrics", "metrics");
        int n = 0;
        for (java.util.Map.Entry<String, HttpServlet> e : extraServlets.entrySet()) {
            String servletName = "extra-" + n++;
            Tomcat.addServlet(root, servletName, e.getValue());
            root.addServletMappingDecoded(e.getKey(), servletName);
        }
        tomcat.start();
        boundPort = connector.getLocalPort();
        LOG.info("Prometheus metrics on http://{}:{}/metrics", host, boundPort);
    }

    public int port() {
        return boundPort;
    }

    public String url() {
        return "http://" + host + ":" + boundPort;
    }

    @Override
    protected void doStop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
            tomcat = null;
        }
    }
}
