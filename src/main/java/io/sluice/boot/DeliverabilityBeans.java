package io.sluice.boot;

import io.sluice.bounces.ReturnPath;
import io.sluice.unsubscribe.ListUnsubscribe;
import io.sluice.unsubscribe.UnsubscribeRequests;
import io.sluice.unsubscribe.UnsubscribeSettings;
import io.sluice.unsubscribe.UnsubscribeStore;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of what mailbox providers require of bulk mail beyond SMTP (sluice.unsubscribe.*, sluice.bounces.*): the
 * one-click unsubscribe headers and endpoint, and the VERP return path. Called from {@link RoutingWiring}.
 */
final class DeliverabilityBeans {

    private static final Logger LOG = LoggerFactory.getLogger(DeliverabilityBeans.class);

    /** What the message assembler adds to every message; each null when off. */
    record Marks(ListUnsubscribe listUnsubscribe, ReturnPath returnPath) {
    }

    private DeliverabilityBeans() {
    }

    static Marks bind(Wiring w, DataSource dataSource) {
        UnsubscribeSettings settings = UnsubscribeSettings.of(w.text("sluice.unsubscribe.base-url"),
                w.text("sluice.unsubscribe.secret"), w.text("sluice.unsubscribe.host"),
                w.integer("sluice.unsubscribe.port"), w.text("sluice.unsubscribe.mailto"));
        ListUnsubscribe headers = null;
        if (settings.enabled()) {
            if (settings.plainHttp()) {
                LOG.warn("sluice.unsubscribe.base-url is http, not https: RFC 8058 asks for an HTTPS URI, and Gmail and"
                        + " Yahoo may ignore the one-click link; put the endpoint behind a TLS proxy (docs/deliverability.md)");
            }
            headers = new ListUnsubscribe(settings);
            w.registry.bind("unsubscribeRequests", new UnsubscribeRequests(headers,
                    new UnsubscribeStore(dataSource, w.clock)));
            LOG.info("{}", settings);
        } else {
            w.registry.bind("unsubscribeRequests", UnsubscribeRequests.disabled());
            LOG.warn("No one-click unsubscribe (sluice.unsubscribe.base-url is empty): Gmail and Yahoo require RFC 8058"
                    + " one-click unsubscribe of bulk senders since February 2024, and may throttle or block their mail");
        }
        // routes/unsubscribe.camel.yaml starts only with a base URL; it serves the base URL's path
        w.derive("sluice.unsubscribe.listening", String.valueOf(settings.enabled()));
        w.derive("sluice.unsubscribe.listen-path", settings.listenPath());
        ReturnPath returnPath = ReturnPath.of(w.text("sluice.bounces.return-path-domain"),
                w.text("sluice.bounces.return-path-secret")).orElse(null);
        if (returnPath != null) {
            LOG.info("MAIL FROM: {}", returnPath);
        }
        return new Marks(headers, returnPath);
    }
}
