package io.sluice.boot;

import io.sluice.broadlog.AttemptLogRows;
import io.sluice.broadlog.BroadlogMessageCatalog;
import io.sluice.broadlog.BroadlogWriter;
import io.sluice.dkim.DkimSigning;
import io.sluice.dns.DnsSettings;
import io.sluice.dns.MxResolver;
import io.sluice.domains.DomainPolicies;
import io.sluice.domains.DomainsDocument;
import io.sluice.flowcontrol.FlowControlSettings;
import io.sluice.message.DeliveryContents;
import io.sluice.message.FeedbackIdTemplate;
import io.sluice.result.ResultRecorder;
import io.sluice.send.MessageAssembler;
import io.sluice.send.MessagePreparer;
import io.sluice.send.MxFailover;
import io.sluice.send.SiteMembers;
import io.sluice.send.TransportResolver;
import io.sluice.send.UnreachableHosts;
import io.sluice.send.pool.DestinationLimits;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Where each message goes and what it says: domains.yaml (sluice.domains.files), MX routing (sluice.dns.*), the
 * transports (sluice.smtp.mx-*), message preparation (sluice.delivery.content-max-age, sluice.mail.*) and the
 * result writer's beans.
 *
 * @param flowSettings      the flow-control part of domains.yaml (read once, with the policies)
 * @param destinationLimits per-site connection knobs (domains.yaml maxConnections / messagesPerConnection), read by
 *                          the SMTP pool
 * @param unreachable       MX hosts that could not be connected to, skipped for a while
 */
record RoutingWiring(FlowControlSettings flowSettings, DomainPolicies policies,
                     DestinationLimits destinationLimits, SiteMembers siteMembers, UnreachableHosts unreachable,
                     BroadlogMessageCatalog catalog) {

    static RoutingWiring wire(Wiring w, DataSource dataSource) throws Exception {
        List<Path> domainFiles = Arrays.stream(w.text("sluice.domains.files").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(w.configDir::resolve).toList();
        // read once: the policies and the flow-control settings are both built from this document
        DomainsDocument domainsFile = DomainsDocument.load(domainFiles);
        DomainPolicies policies = DomainPolicies.of(domainsFile);
        w.registry.bind("domainPolicies", policies);
        FlowControlSettings flowSettings = FlowControlSettings.of(domainsFile);

        ResultRecorder results = new ResultRecorder(w.clock, flowSettings.rules()::isAuthentication);
        w.registry.bind("resultRecorder", results);
        // MX routing (domains whose transport is "mx"): dnsjava against sluice.dns.servers (empty = system resolver)
        MxResolver mxResolver = new MxResolver(dnsSettings(w), w.clock);
        w.registry.bind("mxResolver", mxResolver);
        DestinationLimits destinationLimits = new DestinationLimits();
        // the domains of each MX site, for the per-site parked counts (JMX, metrics)
        SiteMembers siteMembers = new SiteMembers();
        w.registry.bind("siteMembers", siteMembers);
        // MX hosts that could not be connected to are skipped for a while; a failed connection tries the next at once
        UnreachableHosts unreachable = new UnreachableHosts(w.clock,
                Duration.ofSeconds(w.integer("sluice.smtp.mx-unreachable-for-seconds")));
        TransportResolver transports = new TransportResolver(policies, mxResolver, w.integer("sluice.smtp.mx-port"),
                destinationLimits, siteMembers, unreachable);
        // each delivery's templates, read once per delivery (not with every claimed row)
        DeliveryContents contents = new DeliveryContents(dataSource, w.clock,
                w.duration("sluice.delivery.content-max-age"),
                FeedbackIdTemplate.of("sluice.feedback-id.template", w.text("sluice.feedback-id.template")));
        // DKIM keys of domains.yaml (dkim:), read now: a bad key stops the start; the sign-message step signs
        DkimSigning dkim = DkimSigning.configure(domainsFile, w.configDir, w.text("sluice.dkim.unsigned"),
                w.text("sluice.mail.default-from"));
        w.registry.bind("dkimSigning", dkim);
        w.registry.bind("messagePreparer", new MessagePreparer(transports, results, contents, w.clock, dkim));
        w.registry.bind("mxFailover", new MxFailover(transports));
        // one-click unsubscribe (headers and endpoint) and the VERP return path: sluice.unsubscribe.*, sluice.bounces.*
        DeliverabilityBeans.Marks marks = DeliverabilityBeans.bind(w, dataSource);
        w.registry.bind("messageAssembler", new MessageAssembler(w.text("sluice.mail.default-from"),
                w.text("sluice.mail.message-id-domain"), marks.listUnsubscribe(), marks.returnPath()));
        BroadlogMessageCatalog catalog = new BroadlogMessageCatalog(dataSource);
        w.registry.bind("broadlogWriter", new BroadlogWriter(catalog));
        // every attempt's outcome, logged after each broadlog batch (SluiceAttemptLog; the diagnosis report counts it)
        w.registry.bind("attemptLogRows", new AttemptLogRows(w.flag("sluice.attempt-log.enabled")));
        return new RoutingWiring(flowSettings, policies, destinationLimits, siteMembers, unreachable, catalog);
    }

    static DnsSettings dnsSettings(Wiring w) {
        return new DnsSettings(DnsSettings.parseServers(w.text("sluice.dns.servers")), w.duration("sluice.dns.timeout"),
                w.flag("sluice.dns.cache-enabled"), w.duration("sluice.dns.min-ttl"), w.duration("sluice.dns.max-ttl"));
    }
}
