package io.sluice.send;

import io.sluice.SluiceExchange;
import io.sluice.dns.DnsLookupException;
import io.sluice.message.AddressCheck;
import io.sluice.message.ClaimedRow;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The next MX host, at once, for a message whose host could not be connected to (refused, timed out, no route, or a
 * greeting other than 220): RFC 5321 section 5.1, as Postfix and every MTA do. The route {@code mx-failover} loops
 * over the send while this sets {@value #SEND_AGAIN}.
 *
 * <p>The message goes to the next host of the domain's MX list it has not tried in this attempt
 * ({@link TransportResolver#nextRoute}), and the failed host is marked ({@link UnreachableHosts}) for the messages
 * after it. When no host is left (every host failed, or the domain goes to a relay, which has no other host), the
 * failure stands and becomes the attempt's result, counted by flow control as before. Hosts that
 * failed are not counted as results of their own: the site is the MX set, and it delivered.
 */
public final class MxFailover {

    /** Property: true while the message is to be sent again to the transport set in {@link SluiceExchange#TRANSPORT}. */
    public static final String SEND_AGAIN = "sluiceSendAgain";
    /** Property: the endpoints this message's attempt has tried (in order). */
    static final String TRIED = "sluiceTriedTransports";

    private static final Logger LOG = LoggerFactory.getLogger(MxFailover.class);

    private final TransportResolver transports;

    public MxFailover(TransportResolver transports) {
        this.transports = transports;
    }

    /**
     * Called in the send's doCatch when the host was not connected: points the message at the next MX host, or
     * throws the caught failure again when there is none.
     */
    public void next(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String failed = exchange.getProperty(SluiceExchange.TRANSPORT, String.class);
        @SuppressWarnings("unchecked")
        Set<String> tried = exchange.getProperty(TRIED, Set.class);
        if (tried == null) {
            tried = new LinkedHashSet<>();
            exchange.setProperty(TRIED, tried);
        }
        tried.add(failed);
        transports.markUnreachable(failed);

        ClaimedRow row = exchange.getProperty(SluiceExchange.ROW, ClaimedRow.class);
        AddressCheck.Valid address = exchange.getProperty("sluiceAddress", AddressCheck.Valid.class);
        Optional<Route> next;
        try {
            next = transports.nextRoute(address.domain(), row.retry(), tried);
        } catch (DnsLookupException e) {
            throw failure; // the host's failure is the attempt's, not a DNS hiccup while looking for another
        }
        if (next.isEmpty()) {
            throw failure;
        }
        LOG.debug("Broadlog {}: {} could not be connected to ({}); trying {}", row.broadlogId(), failed,
                failure.getMessage(), next.get().endpointUri());
        exchange.setProperty(SluiceExchange.TRANSPORT, next.get().endpointUri());
        exchange.setProperty(SEND_AGAIN, true);
    }
}
