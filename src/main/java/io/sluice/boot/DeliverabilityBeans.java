package io.sluice.boot;

import io.sluice.bounces.ReturnPath;
import io.sluice.unsubscribe.ListUnsubscribe;
import io.sluice.unsubscribe.UnsubscribeRequests;
import io.sluice.unsubscribe.UnsubscribeSettings;
import io.sluice.unsubscribe.UnsubscribeStore;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of what mailbox providers require of bulk mail beyond SMTP (sluice.unsubscribe.*, sluice.bounces.*): the
 * one-click unsubscribe headers and endpoint, and the VERP return path. Called from {@link SluiceBeans}.
 */
final class DeliverabilityBeans {

    private static final Logger LOG = LoggerFactory.getLogger(DeliverabilityBeans.class);

    /** What the message assembler adds to every message; each null when off. */
    record Marks(ListUnsubscribe listUnsubscribe, ReturnPath returnPath) {
    }

    private DeliverabilityBeans() {
    }

    static Marks bind(CamelContext context, PropertiesComponent props, DataSource dataSource, Clock clock) {
        UnsubscribeSettings settings = UnsubscribeSettings.of(SluiceBeans.prop(props, "sluice.unsubscribe.base-url", ""),
                SluiceBeans.prop(props, "sluice.unsubscribe.secret", ""),
                SluiceBeans.prop(props, "sluice.unsubscribe.host", "127.0.0.1"),
                SluiceBeans.intProp(props, "sluice.unsubscribe.port", 8182),
                SluiceBeans.prop(props, "sluice.unsubscribe.mailto", ""));
        ListUnsubscribe headers = null;
        if (settings.enabled()) {
            if (settings.plainHttp()) {
                LOG.warn("sluice.unsubscribe.base-url is http, not https: RFC 8058 asks for an HTTPS URI, and Gmail and"
                        + " Yahoo may ignore the one-click link; put the endpoint behind a TLS proxy (docs/deliverability.md)");
            }
            headers = new ListUnsubscribe(settings);
            context.getRegistry().bind("unsubscribeRequests", new UnsubscribeRequests(headers,
                    new UnsubscribeStore(dataSource, clock)));
            LOG.info("{}", settings);
        } else {
            context.getRegistry().bind("unsubscribeRequests", UnsubscribeRequests.disabled());
            LOG.warn("No one-click unsubscribe (sluice.unsubscribe.base-url is empty): Gmail and Yahoo require RFC 8058"
                    + " one-click unsubscribe of bulk senders since February 2024, and may throttle or block their mail");
        }
        // routes/unsubscribe.camel.yaml starts only with a base URL; it serves the base URL's path
        props.addOverrideProperty("sluice.unsubscribe.listening", String.valueOf(settings.enabled()));
        props.addOverrideProperty("sluice.unsubscribe.listen-path", settings.listenPath());
        ReturnPath returnPath = ReturnPath.of(SluiceBeans.prop(props, "sluice.bounces.return-path-domain", ""),
                SluiceBeans.prop(props, "sluice.bounces.return-path-secret", "")).orElse(null);
        if (returnPath != null) {
            LOG.info("MAIL FROM: {}", returnPath);
        }
        return new Marks(headers, returnPath);
    }
}
