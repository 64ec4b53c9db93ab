package io.sluice.send;

import static io.sluice.SluiceConstants.SLUICE_ADDRESS;
import static io.sluice.SluiceConstants.SLUICE_ROW;
import static io.sluice.SluiceConstants.SLUICE_SEND_AGAIN;
import static io.sluice.SluiceConstants.SLUICE_TRANSPORT;
import static io.sluice.SluiceConstants.SLUICE_TRIED_TRANSPORTS;

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
 * greeting other than 220): RFC 5321 section 5.1, as Postfix and every MTA do. The loop {@code mx-failover} (route
 * {@code send-message}) sends again while {@link #sendAgain} says so.
 *
 * <p>The message goes to the next host of the domain's MX list it has not tried in this attempt
 * ({@link TransportResolver#nextRoute}), and the failed host is marked ({@link UnreachableHosts}) for the messages
 * after it. When no host is left (every host failed, or the domain goes to a relay, which has no other host), the
 * failure stands and becomes the attempt's result, counted by flow control as before. Hosts that
 * failed are not counted as results of their own: the site is the MX set, and it delivered.
 */
public final class MxFailover {

    private static final Logger LOG = LoggerFactory.getLogger(MxFailover.class);

    private final TransportResolver transports;

    public MxFailover(TransportResolver transports) {
        this.transports = transports;
    }

    /**
     * Predicate {@code sendAgain}, the {@code doWhile} of the loop {@code mx-failover}: true for the first send and
     * after {@link #next} pointed the message at another host. It takes the flag, so the loop ends after a send unless
     * {@code next} sets it again.
     */
    public static boolean sendAgain(Exchange exchange) {
        Boolean again = exchange.getProperty(SLUICE_SEND_AGAIN, Boolean.class);
        exchange.setProperty(SLUICE_SEND_AGAIN, false);
        return again == null || again;
    }

    /**
     * Called in the send's doCatch when the host was not connected: points the message at the next MX host, or
     * throws the caught failure again when there is none.
     */
    public void next(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String failed = exchange.getProperty(SLUICE_TRANSPORT, String.class);
        @SuppressWarnings("unchecked")
        Set<String> tried = exchange.getProperty(SLUICE_TRIED_TRANSPORTS, Set.class);
        if (tried == null) {
            tried = new LinkedHashSet<>();
            exchange.setProperty(SLUICE_TRIED_TRANSPORTS, tried);
        }
        tried.add(failed);
        transports.markUnreachable(failed);

        ClaimedRow row = exchange.getProperty(SLUICE_ROW, ClaimedRow.class);
        AddressCheck.Valid address = exchange.getProperty(SLUICE_ADDRESS, AddressCheck.Valid.class);
        Optional<SendTarget> next;
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
        exchange.setProperty(SLUICE_TRANSPORT, next.get().endpointUri());
        exchange.setProperty(SLUICE_SEND_AGAIN, true);
    }
}
