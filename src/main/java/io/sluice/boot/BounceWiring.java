package io.sluice.boot;

import io.sluice.bounces.BounceLedger;
import io.sluice.bounces.BounceMailbox;
import io.sluice.bounces.BounceMatcher;
import io.sluice.bounces.BounceSettings;
import io.sluice.bounces.BounceStats;
import io.sluice.bounces.MailReader;
import io.sluice.bounces.PrefetchingUidGenerator;
import io.sluice.bounces.ReturnPath;
import io.sluice.quarantine.AddressLedger;
import io.sluice.quarantine.SynchronousEvents;
import io.sluice.result.ResultRecorder;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * The bounce mailbox (sluice.bounces.*, routes/bounces.camel.yaml): its settings, the route's JDBC transaction (bean
 * {@code bounceTransaction}), camel-sql's idempotent repository in that transaction (bean {@code bounceRepository},
 * table CAMEL_MESSAGEPROCESSED of schema.sql), the route's bean {@code bounceMailbox} and the MBean
 * {@code sluice:type=Bounces}. Derives {@code sluice.bounces.enabled} and {@code sluice.bounces.endpoint} for the
 * route: with the URL empty the route is built on a dormant endpoint and never started.
 */
final class BounceWiring {

    /** processorName of the idempotent repository's rows. */
    static final String PROCESSOR_NAME = "sluice-bounces";
    /** The route's endpoint while off: never started, so never connected. */
    static final String DORMANT_ENDPOINT = "imap://bounces.invalid";

    private BounceWiring() {
    }

    static void wire(Wiring w, DataSource dataSource, RoutingWiring routing, AddressLedger ledger) throws Exception {
        BounceSettings settings = BounceSettings.of(w.text("sluice.bounces.url"), w.text("sluice.bounces.error-folder"),
                w.text("sluice.bounces.processed-folder"), w.integer("sluice.bounces.max-size"));
        w.derive("sluice.bounces.enabled", Boolean.toString(settings.enabled()));
        // the placeholder, not its value: the URL's own {{password}} placeholder is resolved by Camel when the route
        // is built, and never sits resolved in a property Camel could print
        w.derive("sluice.bounces.endpoint", settings.enabled() ? "{{sluice.bounces.url}}" : DORMANT_ENDPOINT);

        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        w.registry.bind("bounceTransaction", new SpringTransactionPolicy(transactions));
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource,
                new TransactionTemplate(transactions), PROCESSOR_NAME);
        repository.setCreateTableIfNotExists(false); // schema.sql creates it, with its key
        w.registry.bind("bounceRepository", repository);

        ReturnPath returnPath = ReturnPath.of(w.text("sluice.bounces.return-path-domain"),
                w.text("sluice.bounces.return-path-secret")).orElse(null);
        ResultRecorder results = w.registry.lookupByNameAndType("resultRecorder", ResultRecorder.class);
        // a reply a domains.yaml rule matches is about the sender's volume or authentication: never counted
        SynchronousEvents events = new SynchronousEvents(
                reply -> routing.flowSettings().rules().firstMatch(reply).isPresent());
        w.registry.bind("bounceUidGenerator", new PrefetchingUidGenerator(w.integer("sluice.bounces.max-messages-per-poll")));
        BounceStats stats = new BounceStats(settings.enabled(), w.clock, w.text("sluice.jmx.instance"));
        w.context.addService(stats);
        w.registry.bind("bounceMailbox", new BounceMailbox(dataSource, settings, new MailReader(),
                new BounceMatcher(returnPath), new BounceLedger(results, events, routing.catalog(), ledger), stats,
                w.clock));
        Wiring.LOG.info("Bounces: {}{}", settings, settings.enabled() && returnPath == null
                ? " (no sluice.bounces.return-path-domain: bounces are matched by Message-ID only)" : "");
    }
}
