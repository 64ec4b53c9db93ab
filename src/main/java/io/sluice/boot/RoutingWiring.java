package io.sluice.boot;

import io.sluice.broadlog.AttemptLogRows;
import io.sluice.broadlog.BroadlogMessageCatalog;
import io.sluice.broadlog.BroadlogWriter;
import io.sluice.dkim.DkimSigning;
import io.sluice.dns.DnsSettings;
import io.sluice.dns.MxResolver;
import io.sluice.flowcontrol.FlowControlSettings;
import io.sluice.message.DeliveryContents;
import io.sluice.message.FeedbackIdTemplate;
import io.sluice.policy.LivePolicy;
import io.sluice.policy.PolicyFiles;
import io.sluice.result.ResultRecorder;
import io.sluice.send.MessageAssembler;
import io.sluice.send.MessagePreparer;
import io.sluice.send.MxFailover;
import io.sluice.send.SiteMembers;
import io.sluice.send.TransportResolver;
import io.sluice.send.UnreachableHosts;
import io.sluice.send.pool.DestinationLimits;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Where each message goes and what it says: domains.yaml (sluice.domains.files), MX routing (sluice.dns.*), the
 * transports (sluice.smtp.mx-*), message preparation (sluice.delivery.content-max-age, sluice.mail.*) and the
 * result writer's beans.
 *
 * @param policy            domains.yaml and the files layered on it, live (bean livePolicy; io.sluice.policy)
 * @param destinationLimits per-site connection knobs (domains.yaml maxConnections / messagesPerConnection), read by
 *                          the SMTP pool
 * @param unreachable       MX hosts that could not be connected to, skipped for a while
 * @param dkim              the sign-message step; its keys are swapped when the policy is reloaded
 */
record RoutingWiring(LivePolicy policy, DestinationLimits destinationLimits, SiteMembers siteMembers,
                     UnreachableHosts unreachable, BroadlogMessageCatalog catalog, DkimSigning dkim) {

    /** The bean every user of domains.yaml reads the policy in force through. */
    static final String LIVE_POLICY = "livePolicy";

    static RoutingWiring wire(Wiring w, DataSource dataSource) throws Exception {
        // read once at start (a bad file stops the start, naming the key); re-read while running by the route
        // policy-reload and JMX reloadPolicy (PolicyWiring)
        LivePolicy policy = LivePolicy.load(PolicyFiles.of(w.text("sluice.domains.files"), w.configDir), w.clock);
        w.registry.bind(LIVE_POLICY, policy);

        ResultRecorder results = new ResultRecorder(w.clock,
                reply -> policy.flowSettings().rules().isAuthentication(reply));
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
        TransportResolver transports = new TransportResolver(policy::policies, mxResolver,
                w.integer("sluice.smtp.mx-port"), destinationLimits, siteMembers, unreachable);
        // each delivery's templates, read once per delivery (not with every claimed row)
        DeliveryContents contents = new DeliveryContents(dataSource, w.clock,
                w.duration("sluice.delivery.content-max-age"),
                FeedbackIdTemplate.of("sluice.feedback-id.template", w.text("sluice.feedback-id.template")));
        // DKIM keys of domains.yaml (dkim:), read with the policy (a bad key stops the start); sign-message signs
        DkimSigning dkim = DkimSigning.configure(policy.current().dkim(), w.text("sluice.dkim.unsigned"),
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
        return new RoutingWiring(policy, destinationLimits, siteMembers, unreachable, catalog, dkim);
    }

    /** The flow-control part of the policy in force. */
    FlowControlSettings flowSettings() {
        return policy.flowSettings();
    }

    static DnsSettings dnsSettings(Wiring w) {
        return new DnsSettings(DnsSettings.parseServers(w.text("sluice.dns.servers")), w.duration("sluice.dns.timeout"),
                w.flag("sluice.dns.cache-enabled"), w.duration("sluice.dns.min-ttl"), w.duration("sluice.dns.max-ttl"));
    }
}
