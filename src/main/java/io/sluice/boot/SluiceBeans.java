package io.sluice.boot;

import io.sluice.broadlog.BroadlogMessageCatalog;
import io.sluice.broker.BrokerSettings;
import io.sluice.broker.ConnectionFactories;
import io.sluice.broker.EmbeddedBroker;
import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowControlSettings;
import io.sluice.flowcontrol.camel.DomainWindowAggregation;
import io.sluice.flowcontrol.camel.FlowControlFeed;
import io.sluice.flowcontrol.camel.FlowGate;
import io.sluice.monitor.FlowControlMBeans;
import io.sluice.parking.ParkedMail;
import io.sluice.parking.Parking;
import io.sluice.parking.ParkedMailRespacing;
import io.sluice.broadlog.BroadlogWriter;
import io.sluice.claim.ClaimSettings;
import io.sluice.claim.ClaimTicket;
import io.sluice.db.DataSources;
import io.sluice.db.DatabaseSettings;
import io.sluice.db.SchemaInstaller;
import io.sluice.dns.DnsSettings;
import io.sluice.dns.MxResolver;
import io.sluice.domains.DomainPolicies;
import io.sluice.domains.DomainsDocument;
import io.sluice.send.MessagePreparer;
import io.sluice.message.UnescapedMustacheFactory;
import io.sluice.result.ResultRecorder;
import io.sluice.send.MessageAssembler;
import io.sluice.send.MxFailover;
import io.sluice.send.SiteMembers;
import io.sluice.send.TransportResolver;
import io.sluice.send.UnreachableHosts;
import io.sluice.send.WriteDeadlines;
import io.sluice.send.pool.DestinationLimits;
import io.sluice.send.pool.PooledMailConfiguration;
import io.sluice.send.pool.SmtpConnectionPool;
import io.sluice.send.pool.SmtpPoolSettings;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mustache.MustacheComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Binds the beans the routes call, built from validated {@code sluice.*} properties. Anything invalid stops
 * start-up with a message naming the property. A bean already in the registry (a test's clock, say) is kept.
 */
public class SluiceBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceBeans.class);
    /** How often due SMTP write deadlines are enforced: a write timeout fires up to this much late. */
    private static final long WRITE_DEADLINE_TICK_MS = 100;

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        Registry registry = context.getRegistry();
        // absolute once, here: a relative path given to a library (Tomcat, Artemis) is resolved against its own base
        Path configDir = Path.of(prop(props, "sluice.config-dir", "config")).toAbsolutePath().normalize();
        Path dataDir = Path.of(prop(props, "sluice.data-dir", "data")).toAbsolutePath().normalize();

        Clock clock = registry.lookupByNameAndType("sluiceClock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
            registry.bind("sluiceClock", Clock.class, clock);
        }

        DatabaseSettings db = DatabaseSettings.of(prop(props, "sluice.db.url", ""), prop(props, "sluice.db.user", ""),
                prop(props, "sluice.db.password", ""), intProp(props, "sluice.db.pool-size", 10),
                dataDir);
        HikariDataSource dataSource = DataSources.create(db, "sluice-" + context.getName());
        context.addService(new Closer(dataSource));
        if (db.embedded()) {
            int n = new SchemaInstaller(dataSource).apply(configDir.resolve("sql").resolve("schema.sql"));
            LOG.info("Embedded campaign database {} ready ({} schema statements applied)", db.url(), n);
        } else {
            LOG.info("Campaign database {}", db);
        }
        registry.bind("dataSource", dataSource);
        // prepareStatementStrategy of the per-result and per-parked-message SQL endpoints (parameter names parsed once)
        registry.bind(io.sluice.db.ParsedOnceParameters.BEAN_NAME, new io.sluice.db.ParsedOnceParameters());

        ClaimSettings claim = new ClaimSettings(intProp(props, "sluice.claim.batch-size", 4000),
                duration("sluice.claim.lease", prop(props, "sluice.claim.lease", "5m")),
                instanceId(prop(props, "sluice.instance-id", "")), intProp(props, "sluice.claim.spread", 2),
                intProp(props, "sluice.claim.max-batches-per-poll", 5));
        ClaimTicket claimTicket = new ClaimTicket(claim, clock);
        registry.bind("claimTicket", claimTicket);
        String claimSql = ClaimSettings.claimStatement(prop(props, "sluice.claim.sql", ClaimSettings.AUTO), db.postgres());
        // resolved under another name: an environment variable (SLUICE_CLAIM_SQL=auto) would win over an override of
        // the property itself
        props.addOverrideProperty("sluice.claim.statement", claimSql);
        LOG.info("Claim statement {} ({} rows per claim, up to {} claims per poll, lease {})", claimSql, claim.batchSize(),
                claim.maxBatchesPerPoll(), claim.lease());
        io.sluice.claim.LeaseGuard leaseGuard = new io.sluice.claim.LeaseGuard(clock, Duration.ofSeconds(2));
        registry.bind("leaseGuard", leaseGuard);

        List<Path> domainFiles = Arrays.stream(prop(props, "sluice.domains.files", "domains.yaml").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(configDir::resolve).toList();
        // domains.yaml is read once; policies and flow-control settings are both built from this document
        DomainsDocument domainsFile = DomainsDocument.load(domainFiles);
        DomainPolicies policies = DomainPolicies.of(domainsFile);
        registry.bind("domainPolicies", policies);

        ResultRecorder results = new ResultRecorder(clock);
        registry.bind("resultRecorder", results);
        // MX routing (domains whose transport is "mx"): dnsjava against sluice.dns.servers (empty = system resolver)
        DnsSettings dns = dnsSettings(props);
        MxResolver mxResolver = new MxResolver(dns, clock);
        registry.bind("mxResolver", mxResolver);
        // per-site connection knobs (domains.yaml maxConnections / messagesPerConnection), read by the SMTP pool
        DestinationLimits destinationLimits = new DestinationLimits();
        // the domains of each MX site, for the per-site parked counts (JMX, metrics)
        SiteMembers siteMembers = new SiteMembers();
        registry.bind("siteMembers", siteMembers);
        // MX hosts that could not be connected to are skipped for a while; a failed connection tries the next at once
        UnreachableHosts unreachable = new UnreachableHosts(clock,
                Duration.ofSeconds(intProp(props, "sluice.smtp.mx-unreachable-for-seconds", 60)));
        TransportResolver transports = new TransportResolver(policies, mxResolver,
                intProp(props, "sluice.smtp.mx-port", 25), destinationLimits, siteMembers, unreachable);
        // each delivery's templates, read once per delivery (not with every claimed row)
        io.sluice.message.DeliveryContents contents = new io.sluice.message.DeliveryContents(dataSource, clock,
                duration("sluice.delivery.content-max-age", prop(props, "sluice.delivery.content-max-age", "30s")));
        // DKIM keys of domains.yaml (dkim:), read now: a bad key stops the start; the sign-message step signs
        io.sluice.dkim.DkimSigning dkim = io.sluice.dkim.DkimSigning.configure(domainsFile, configDir,
                prop(props, "sluice.dkim.unsigned", "send"), prop(props, "sluice.mail.default-from", "noreply@sluice.invalid"));
        registry.bind("dkimSigning", dkim);
        registry.bind("messagePreparer", new MessagePreparer(transports, results, contents, clock, dkim));
        registry.bind("mxFailover", new MxFailover(transports));
        registry.bind("messageAssembler", new MessageAssembler(prop(props, "sluice.mail.default-from",
                "noreply@sluice.invalid"), prop(props, "sluice.mail.message-id-domain", "")));
        BroadlogMessageCatalog catalog = new BroadlogMessageCatalog(dataSource);
        registry.bind("broadlogWriter", new BroadlogWriter(catalog));

        // Broker: embedded Artemis unless sluice.broker.url names one.
        BrokerSettings broker = new BrokerSettings(prop(props, "sluice.broker.url", ""),
                dataDir.resolve("artemis"),
                intProp(props, "sluice.broker.embedded.vm-id", 0), intProp(props, "sluice.broker.embedded.tcp-port", 0),
                prop(props, "sluice.broker.user", ""), prop(props, "sluice.broker.password", ""),
                duration("sluice.broker.send-timeout", prop(props, "sluice.broker.send-timeout",
                        BrokerSettings.DEFAULT_SEND_TIMEOUT.toSeconds() + "s")));
        if (broker.embedded()) {
            context.addService(new EmbeddedBroker(broker), true, true);
        }
        LOG.info("Broker {}", broker);
        org.springframework.jms.connection.CachingConnectionFactory jms = ConnectionFactories.create(broker);
        registry.bind("jmsConnectionFactory", jms);
        // added after the broker, so stopped before it: the client closes its connection, the broker does not cut it
        context.addService(new io.sluice.broker.JmsClientShutdown(jms), true, true);

        // Flow control: the registry (policy from domains.yaml), the gate before the throttle, the feed.
        FlowControlSettings flowSettings = FlowControlSettings.of(domainsFile);
        FlowControlRegistry flowControl = FlowControlRegistry.of(flowSettings, clock);
        flowControl.addListener(event -> LOG.info("Flow control: {}", event));
        registry.bind("flowControl", flowControl);
        // Flow-control history (sluice.flow-history.*): every event to SluiceFlowEvent, asynchronously.
        if (boolProp(props, "sluice.flow-history.enabled", true)) {
            io.sluice.history.FlowEventStore history = new io.sluice.history.FlowEventStore(dataSource,
                    claim.instanceId(), intProp(props, "sluice.flow-history.queue-size", 10000),
                    intProp(props, "sluice.flow-history.batch-size", 50), Duration.ofSeconds(30));
            context.addService(history, true, true);
            flowControl.addListener(history);
            registry.bind("flowEventStore", history);
        }
        FlowGate gate = new FlowGate(flowControl, clock,
                duration("sluice.flow.memory-horizon", prop(props, "sluice.flow.memory-horizon", "2s")),
                intProp(props, "sluice.flow.max-in-memory-per-domain", 100),
                duration("sluice.flow.paused-recheck", prop(props, "sluice.flow.paused-recheck", "30s")),
                // hourly quota per site (domains.yaml messagesPerHour), paced evenly
                key -> {
                    Integer perHour = policies.limitsFor(key).messagesPerHour();
                    return perHour == null ? Double.POSITIVE_INFINITY : perHour / 3600.0;
                },
                duration("sluice.flow.broker-horizon", prop(props, "sluice.flow.broker-horizon", "10m")));
        registry.bind("flowGate", gate);
        flowControl.addListener(gate.rateCutListener());
        ParkedMail parkedMail = new ParkedMail(dataSource, ConnectionFactories.management(broker),
                siteMembers, clock);
        // A site that recovers (back to NORMAL), or whose rate has risen well above the rate its parked mail was
        // spaced at, gets that mail back now, spaced at its new rate (io.sluice.parking.ParkedMailRespacing).
        java.util.concurrent.ExecutorService releaser = context.getExecutorServiceManager()
                .newSingleThreadExecutor(this, "sluice-release-parked");
        flowControl.addListener(new ParkedMailRespacing(gate::resetSchedule, parkedMail::release, releaser));
        // the SMTP pool is bound later (and not at all with sluice.smtp.pool.enabled=false): looked up per read
        FlowControlMBeans mbeans = new FlowControlMBeans(flowControl, gate, parkedMail,
                prop(props, "sluice.jmx.instance", ""), unreachable, site -> {
                    SmtpConnectionPool pool = registry.lookupByNameAndType("smtpConnectionPool", SmtpConnectionPool.class);
                    return pool == null ? "" : pool.siteConnections(site);
                });
        context.addService(mbeans);
        registry.bind("flowControlFeed", new FlowControlFeed(flowControl, mbeans::sync));
        // Diagnosis report over JMX: sluice:type=Diagnosis,name=report report(deliveryId) / reportHtml(deliveryId).
        context.addService(new io.sluice.diagnosis.Diagnosis(dataSource, clock, prop(props, "sluice.jmx.instance", "")));
        registry.bind("domainWindowAggregation", new DomainWindowAggregation());
        registry.bind("parking", new Parking(catalog, clock, claim.lease()));
        registry.bind("parkedMail", parkedMail);
        // Delivery lifecycle (sluice.lifecycle.*, sluice.window.*, sluice.delivery.*): pause/resume/stop, validity,
        // sending windows and per-delivery caps; states read from the database at most once per claim poll.
        io.sluice.lifecycle.DeliveryBoard deliveryBoard = new io.sluice.lifecycle.DeliveryBoard(dataSource, clock,
                duration("sluice.lifecycle.state-max-age", prop(props, "sluice.lifecycle.state-max-age", "1s")),
                globalWindow(props),
                (int) Math.max(1, duration("sluice.delivery.cap-horizon", prop(props, "sluice.delivery.cap-horizon", "2s"))
                        .toSeconds()));
        LOG.info("Lifecycle: {}", deliveryBoard);
        registry.bind("deliveryBoard", deliveryBoard);
        // the routes' per-message predicates and expressions (ref language): see RouteExpressions for why
        RouteExpressions.bind(registry, gate, deliveryBoard, leaseGuard, claimTicket);
        io.sluice.lifecycle.LifecycleTicket lifecycleTicket = new io.sluice.lifecycle.LifecycleTicket(catalog, clock,
                claim.lease(), duration("sluice.lifecycle.empty-delivery-grace",
                        prop(props, "sluice.lifecycle.empty-delivery-grace", "")));
        registry.bind("lifecycleTicket", lifecycleTicket);
        registry.bind("deliveryGuard", new io.sluice.lifecycle.DeliveryGuard(deliveryBoard, lifecycleTicket, clock,
                duration("sluice.lifecycle.paused-recheck", prop(props, "sluice.lifecycle.paused-recheck", "10s"))));
        // Console (Hawtio + Jolokia, sluice.console.*): refuses to start with an empty password, a port taken or
        // files it cannot write. Read before the
        // override properties are replaced below (keys absent from application.properties vanish then).
        io.sluice.console.HawtioConsole.install(context, dataDir);
        // Prometheus metrics (sluice.metrics.*): Camel route metrics and the flow-control gauges.
        io.sluice.metrics.MetricsEndpoint metricsEndpoint = io.sluice.metrics.MetricsEndpoint.install(context,
                dataSource, flowControl, dataDir);
        // Health checks (database, broker, SMTP transports) in Camel's registry; /health, /health/ready,
        // /health/live on the metrics port. A fresh broker factory per probe: the cached one would hide an outage.
        Duration healthTimeout = duration("sluice.health.timeout", prop(props, "sluice.health.timeout", "3s"));
        io.sluice.health.SmtpTransportsHealthCheck smtpCheck = !boolProp(props, "sluice.health.smtp.enabled", true) ? null
                : new io.sluice.health.SmtpTransportsHealthCheck(policies.transports(), heloName(props), healthTimeout,
                        duration("sluice.health.smtp.interval", prop(props, "sluice.health.smtp.interval", "30s")), clock);
        io.sluice.health.SluiceHealth.install(context, dataSource,
                () -> new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(broker.clientUrl(),
                        broker.user().isEmpty() ? null : broker.user(), broker.password().isEmpty() ? null : broker.password()),
                broker.embedded() ? "the embedded broker" : broker.url(),
                healthTimeout, metricsEndpoint, smtpCheck);
        // Per-delivery progress (sluice.progress.*): MBeans sluice:type=Delivery,name=<id> and the progress log
        // line (routes/progress.camel.yaml).
        Duration progressLog = duration("sluice.progress.log-interval", prop(props, "sluice.progress.log-interval", "30s"));
        Duration progressRefresh = duration("sluice.progress.refresh-interval",
                prop(props, "sluice.progress.refresh-interval", "10s"));
        io.sluice.progress.DeliveryProgressMonitor progress = new io.sluice.progress.DeliveryProgressMonitor(dataSource,
                clock, duration("sluice.progress.min-refresh", prop(props, "sluice.progress.min-refresh", "5s")),
                prop(props, "sluice.jmx.instance", ""), deliveryBoard,
                new io.sluice.lifecycle.DeliveryCommands(dataSource, clock));
        context.addService(progress);
        registry.bind("deliveryProgress", progress);
        props.addOverrideProperty("sluice.progress.log-interval-millis", String.valueOf(Math.max(1000, progressLog.toMillis())));
        props.addOverrideProperty("sluice.progress.refresh-interval-millis",
                String.valueOf(Math.max(500, progressRefresh.toMillis())));
        props.addOverrideProperty("sluice.progress.log-enabled",
                String.valueOf(boolProp(props, "sluice.progress.log-enabled", true)));
        // The aggregator window is the registry's window (domains.yaml defaults.flow.window).
        // added, not set: setOverrideProperties would drop the launcher's overrides (SluiceLauncher.withProperties)
        props.addOverrideProperty("sluice.flow.window-millis",
                String.valueOf(flowControl.getDefaultConfig().getWindow().toMillis()));

        bindTemplating(context);
        // a site held back by flow control gets fewer connections (domains.yaml backoffMaxConnections)
        bindSmtp(context, props, clock, destinationLimits,
                site -> flowControl.find(site).map(DomainFlow::isHeldBack).orElse(false));
    }

    /** camel-mustache twice: HTML-escaping for the HTML part ("mustache"), plain for subject and text ("mustacheText"). */
    private static void bindTemplating(CamelContext context) {
        // HTML part: camel-mustache's escaping factory, compiling each delivery's template once instead of per message
        MustacheComponent html = new MustacheComponent();
        html.setMustacheFactory(new io.sluice.message.TemplateCachingMustacheFactory());
        html.setAllowTemplateFromHeader(true);
        context.addComponent("mustache", html);
        MustacheComponent unescaped = new MustacheComponent();
        unescaped.setMustacheFactory(new UnescapedMustacheFactory());
        unescaped.setAllowTemplateFromHeader(true);
        context.addComponent("mustacheText", unescaped);
    }

    /** The JavaMail client properties of every SMTP endpoint (plain and TLS-required) and the connection pool. */
    private static void bindSmtp(CamelContext context, PropertiesComponent props, Clock clock,
                                 DestinationLimits destinationLimits, Predicate<String> siteHeldBack) throws Exception {
        Registry registry = context.getRegistry();
        Properties clientProperties = smtpClientProperties(props);
        if (intProp(props, "sluice.smtp.write-timeout", 30000) > 0) {
            // one timer for the write timeout of every SMTP connection (else Angus starts a thread per connection
            // and wakes it at each write; io.sluice.send.WriteDeadlines); stopped with the context
            WriteDeadlines deadlines = new WriteDeadlines(System::nanoTime);
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(deadlines, "sluice-smtp-write-deadlines")
                    .scheduleWithFixedDelay(deadlines::sweep, WRITE_DEADLINE_TICK_MS, WRITE_DEADLINE_TICK_MS, TimeUnit.MILLISECONDS);
            for (String scheme : List.of("smtp", "smtps")) {
                clientProperties.put("mail." + scheme + ".executor.writetimeout", deadlines);
            }
        }
        registry.bind("smtpClientProperties", clientProperties);
        // domains with requireTls: true get these (TransportResolver adds them to the endpoint URI): no STARTTLS
        // offered, or a failed handshake, means no send (a connection failure, retried), never plain text
        Properties tlsRequired = new Properties();
        tlsRequired.putAll(clientProperties);
        tlsRequired.setProperty("mail.smtp.starttls.enable", "true");
        tlsRequired.setProperty("mail.smtp.starttls.required", "true");
        registry.bind(TransportResolver.TLS_REQUIRED_PROPERTIES, tlsRequired);
        if (boolProp(props, "sluice.smtp.pool.enabled", true)) {
            bindSmtpPool(context, clock, smtpPoolSettings(props), destinationLimits, siteHeldBack);
        }
    }

    /**
     * Gives the smtp and smtps components a configuration whose endpoints send over one shared connection pool.
     * Not via the {@code javaMailSender} option: camel-mail hands that one instance to every endpoint without
     * the endpoint's host and port, so every domain would reach the same transport (see io.sluice.send.pool).
     * The pool is a service of the context: stopping Camel QUITs every connection.
     */
    private static void bindSmtpPool(CamelContext context, Clock clock, SmtpPoolSettings settings,
                                     DestinationLimits limits, Predicate<String> siteHeldBack) throws Exception {
        SmtpConnectionPool pool = new SmtpConnectionPool(settings, limits, clock, siteHeldBack);
        context.addService(pool, true, true);
        context.getRegistry().bind("smtpConnectionPool", pool);
        for (String scheme : List.of("smtp", "smtps")) {
            MailComponent component = new MailComponent();
            component.setConfiguration(new PooledMailConfiguration(context, pool));
            context.addComponent(scheme, component);
        }
    }

    static SmtpPoolSettings smtpPoolSettings(PropertiesComponent props) {
        SmtpPoolSettings d = SmtpPoolSettings.DEFAULTS;
        return new SmtpPoolSettings(intProp(props, "sluice.smtp.pool.max-connections", d.maxConnections()),
                intProp(props, "sluice.smtp.pool.messages-per-connection", d.messagesPerConnection()),
                duration("sluice.smtp.pool.idle-timeout", prop(props, "sluice.smtp.pool.idle-timeout", "5s")),
                duration("sluice.smtp.pool.borrow-timeout", prop(props, "sluice.smtp.pool.borrow-timeout", "30s")));
    }

    /** The global sending window (sluice.window.days/from/to/zone), or null when sluice.window.days is empty. */
    static io.sluice.lifecycle.SendingWindow globalWindow(PropertiesComponent props) {
        String days = prop(props, "sluice.window.days", "");
        if (days.isEmpty()) {
            return null;
        }
        try {
            return io.sluice.lifecycle.SendingWindow.of(days, prop(props, "sluice.window.from", "08:00"),
                    prop(props, "sluice.window.to", "21:00"), prop(props, "sluice.window.zone", "UTC"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sluice.window.*: " + e.getMessage(), e);
        }
    }

    /** JavaMail client properties for every SMTP endpoint (timeouts, EHLO name). */
    private static Properties smtpClientProperties(PropertiesComponent props) {
        Properties p = new Properties();
        for (String scheme : List.of("smtp", "smtps")) {
            p.setProperty("mail." + scheme + ".connectiontimeout", String.valueOf(intProp(props, "sluice.smtp.connect-timeout", 10000)));
            p.setProperty("mail." + scheme + ".timeout", String.valueOf(intProp(props, "sluice.smtp.read-timeout", 30000)));
            p.setProperty("mail." + scheme + ".writetimeout", String.valueOf(intProp(props, "sluice.smtp.write-timeout", 30000)));
            String helo = prop(props, "sluice.smtp.helo-name", "");
            if (!helo.isBlank()) {
                p.setProperty("mail." + scheme + ".localhost", helo);
            }
        }
        String starttls = prop(props, "sluice.smtp.starttls", "opportunistic");
        if (!starttls.equals("opportunistic") && !starttls.equals("off")) {
            throw new IllegalArgumentException("sluice.smtp.starttls must be opportunistic or off, was '" + starttls + "'");
        }
        // opportunistic: STARTTLS whenever the server offers it (Angus sends plain text when it does not)
        p.setProperty("mail.smtp.starttls.enable", String.valueOf(starttls.equals("opportunistic")));
        if (boolProp(props, "sluice.smtp.tls.trust-all", true)) {
            // like MTAs' opportunistic TLS (RFC 7435): encrypt without checking the certificate, since MX hosts
            // often present self-signed or mismatched ones; false = verify against the JVM trust store
            p.setProperty("mail.smtp.ssl.trust", "*");
            // Angus 2 checks the host name by default; MX hosts are reached by address and name themselves freely
            p.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        }
        return p;
    }

    /** The EHLO name: sluice.smtp.helo-name, else the local host name (as JavaMail announces itself). */
    private static String heloName(PropertiesComponent props) {
        String helo = prop(props, "sluice.smtp.helo-name", "");
        if (!helo.isBlank()) {
            return helo;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    static DnsSettings dnsSettings(PropertiesComponent props) {
        return new DnsSettings(DnsSettings.parseServers(prop(props, "sluice.dns.servers", "")),
                duration("sluice.dns.timeout", prop(props, "sluice.dns.timeout", "5s")),
                boolProp(props, "sluice.dns.cache-enabled", true),
                duration("sluice.dns.min-ttl", prop(props, "sluice.dns.min-ttl", "60s")),
                duration("sluice.dns.max-ttl", prop(props, "sluice.dns.max-ttl", "1h")));
    }

    static String instanceId(String configured) {
        if (!configured.isBlank()) {
            return configured.trim();
        }
        return ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    }

    static String prop(PropertiesComponent props, String key, String defaultValue) {
        return props.resolveProperty(key).map(String::trim).orElse(defaultValue);
    }

    static int intProp(PropertiesComponent props, String key, int defaultValue) {
        String v = prop(props, key, "");
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'");
        }
    }

    static boolean boolProp(PropertiesComponent props, String key, boolean defaultValue) {
        String v = prop(props, key, "");
        if (v.isEmpty()) {
            return defaultValue;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** Accepts ISO-8601 (PT5M) or 500ms / 30s / 5m / 2h / 1d. */
    public static Duration duration(String key, String value) {
        String v = value.trim();
        try {
            if (v.toUpperCase().startsWith("P")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration like 30s, 5m, 2h or PT5M, was '" + value + "'");
        }
    }

    /** Closes the pool when the Camel context stops. */
    private static final class Closer extends ServiceSupport {
        private final AutoCloseable resource;

        Closer(AutoCloseable resource) {
            this.resource = resource;
        }

        @Override
        protected void doStop() throws Exception {
            resource.close();
        }
    }
}
