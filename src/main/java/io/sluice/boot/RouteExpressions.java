package io.sluice.boot;

import io.sluice.SluiceExchange;
import io.sluice.claim.ClaimTicket;
import io.sluice.claim.LeaseGuard;
import io.sluice.flowcontrol.camel.FlowGate;
import io.sluice.lifecycle.DeliveryBoard;
import io.sluice.message.ClaimedRow;
import io.sluice.result.DeliveryResult;
import io.sluice.result.SendFailureClassifier;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The per-message predicates and expressions of the send and result routes, bound in the registry and used
 * there through Camel's {@code ref} language ({@code ref: leaseExpired}).
 * <p>
 * Why not the {@code method} language or OGNL in {@code simple} ({@code ${exchangeProperty.sluiceRow.deliveryId}},
 * {@code ${body.attempted}}): each evaluation of a bean expression copies the whole exchange
 * ({@code ExchangeHelper.createCopy}), builds a bean processor, invokes by reflection and copies the properties
 * back, and OGNL on a record builds (and caches, keyed by the record's hash) bean information per object. Five of
 * them ran per message; together with the copies they cost ~8 % of the CPU of {@code bench/throughput}
 * (docs/benchmarks.md, "Profiled run (stop 3)"). A registry {@link org.apache.camel.Predicate} or
 * {@link org.apache.camel.Expression} is called directly. Each one calls the same bean method the route called
 * before, so the decisions are unchanged.
 */
final class RouteExpressions {

    /** filter delivery-capped: the message's delivery has a rate cap. */
    static final String DELIVERY_CAPPED = "deliveryCapped";
    /** throttle delivery-throttle: its permits per second. */
    static final String DELIVERY_PERMITS = "deliveryPermits";
    /** throttle delivery-throttle: its correlation key (the delivery id). */
    static final String DELIVERY_ID = "deliveryIdOfRow";
    /** delay wait-for-slot: milliseconds to the message's send slot. */
    static final String MILLIS_TO_SLOT = "millisToSlot";
    /** throttle domain-throttle: permits per second of the message's site. */
    static final String SITE_PERMITS = "sitePermits";
    /** filter lease-ended: the row's lease ends before it could be sent. */
    static final String LEASE_EXPIRED = "leaseExpired";
    /** doCatch of mx-failover: no SMTP session was established with the host (another MX host may be tried). */
    static final String HOST_NOT_CONNECTED = "hostNotConnected";
    /** filter of flow-control-window: the result is an attempt flow control counts. */
    static final String ATTEMPTED = "resultAttempted";

    /** loop claim-rounds: claim once more in this poll (the last claim came back full). */
    static final String CLAIM_AGAIN = "claimAgain";

    private RouteExpressions() {
    }

    static void bind(Registry registry, FlowGate gate, DeliveryBoard board, LeaseGuard leases, ClaimTicket claims) {
        registry.bind(CLAIM_AGAIN, Predicate.class, (Predicate) claims::claimAgain);
        registry.bind(DELIVERY_CAPPED, Predicate.class, (Predicate) ex -> board.capped(row(ex).deliveryId()));
        registry.bind(DELIVERY_PERMITS, expression(ex -> board.permits(row(ex).deliveryId())));
        registry.bind(DELIVERY_ID, expression(ex -> row(ex).deliveryId()));
        registry.bind(MILLIS_TO_SLOT, expression(gate::millisToSlot));
        registry.bind(SITE_PERMITS,
                expression(ex -> gate.permits(ex.getMessage().getHeader(SluiceExchange.SITE, String.class))));
        registry.bind(LEASE_EXPIRED, Predicate.class, (Predicate) leases::expired);
        registry.bind(HOST_NOT_CONNECTED, Predicate.class, (Predicate) ex -> SendFailureClassifier.notConnected(
                ex.getException() != null ? ex.getException() : ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        registry.bind(ATTEMPTED, Predicate.class,
                (Predicate) ex -> ex.getMessage().getBody() instanceof DeliveryResult r && r.attempted());
    }

    private static ClaimedRow row(Exchange exchange) {
        return exchange.getProperty(SluiceExchange.ROW, ClaimedRow.class);
    }

    private static ExpressionAdapter expression(java.util.function.Function<Exchange, Object> f) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return f.apply(exchange);
            }
        };
    }
}
