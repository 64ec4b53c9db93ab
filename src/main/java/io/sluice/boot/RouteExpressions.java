package io.sluice.boot;

import static io.sluice.SluiceConstants.SLUICE_ROW;
import static io.sluice.SluiceConstants.SLUICE_SITE;

import io.sluice.claim.ClaimTicket;
import io.sluice.claim.LeaseGuard;
import io.sluice.flowcontrol.camel.DeliveryCaps;
import io.sluice.flowcontrol.camel.FlowGate;
import io.sluice.lifecycle.DeliveryBoard;
import io.sluice.lifecycle.DeliveryGuard;
import io.sluice.message.ClaimedRow;
import io.sluice.send.MessagePreparer;
import io.sluice.parking.Parking;
import io.sluice.result.DeliveryResult;
import io.sluice.result.SendFailureClassifier;
import io.sluice.send.MxFailover;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The per-message predicates and expressions of the send and result routes, bound in the registry and used
 * there through Camel's {@code ref} language ({@code ref: leaseExpired}). Every decision of a route is one of these
 * named predicates, never a comparison of an exchange property in {@code simple}
 * ({@code ${exchangeProperty.sluiceParkUntil} != null}): the name says what is decided, the owning class how.
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

    /** choice of deliver-message: the row was rejected up front (its result is known; nothing is sent). */
    static final String NOT_SENDABLE = "notSendable";
    /** setBody of deliver-message: the result of a row rejected up front. */
    static final String NOT_SENDABLE_RESULT = "notSendableResult";
    /** filters must-park and suspended-meanwhile: the gate says park the message. */
    static final String MUST_PARK = "mustPark";
    /** filter delivery-held and unpark-message: the message's delivery may not send it now. */
    static final String MUST_HOLD = "mustHold";
    /** hold-message and unpark-message: the message's delivery was stopped (cancel its row). */
    static final String MUST_CANCEL = "mustCancel";
    /** park-message: the message waits in the database rather than on the broker. */
    static final String PARK_IN_DATABASE = "parkInDatabase";
    /** park-message: the message waits on the broker. */
    static final String PARK_ON_BROKER = "parkOnBroker";
    /** loop mx-failover: send (again). */
    static final String SEND_AGAIN = "sendAgain";
    /** filters of render-message: the delivery has an HTML (text) part. */
    static final String HAS_HTML_PART = "hasHtmlPart";
    static final String HAS_TEXT_PART = "hasTextPart";

    /** loop claim-rounds: claim once more in this poll (the last claim came back full). */
    static final String CLAIM_AGAIN = "claimAgain";

    private RouteExpressions() {
    }

    static void bind(Registry registry, FlowGate gate, DeliveryBoard board, LeaseGuard leases, ClaimTicket claims) {
        registry.bind(CLAIM_AGAIN, Predicate.class, (Predicate) claims::claimAgain);
        registry.bind(DELIVERY_CAPPED, Predicate.class, (Predicate) ex -> board.capped(row(ex).deliveryId()));
        registry.bind(DELIVERY_PERMITS, expression(ex -> board.permits(row(ex).deliveryId())));
        registry.bind(DELIVERY_ID, expression(ex -> row(ex).deliveryId()));
        // the same caps, shared between the instances through the gate's shared slots (sluice.cluster.shared-pacing)
        gate.shareDeliveryCaps(ex -> {
            ClaimedRow row = row(ex);
            return row != null && board.capped(row.deliveryId())
                    ? DeliveryCaps.Cap.of(row.deliveryId(), board.permits(row.deliveryId())) : null;
        });
        registry.bind(MILLIS_TO_SLOT, expression(gate::millisToSlot));
        registry.bind(SITE_PERMITS,
                expression(ex -> gate.permits(ex.getMessage().getHeader(SLUICE_SITE, String.class))));
        registry.bind(LEASE_EXPIRED, Predicate.class, (Predicate) leases::expired);
        registry.bind(HOST_NOT_CONNECTED, Predicate.class, (Predicate) ex -> SendFailureClassifier.notConnected(
                ex.getException() != null ? ex.getException() : ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        registry.bind(NOT_SENDABLE, Predicate.class, (Predicate) MessagePreparer::notSendable);
        registry.bind(NOT_SENDABLE_RESULT, expression(MessagePreparer::notSendableResult));
        registry.bind(MUST_PARK, Predicate.class, (Predicate) FlowGate::mustPark);
        registry.bind(MUST_HOLD, Predicate.class, (Predicate) DeliveryGuard::mustHold);
        registry.bind(MUST_CANCEL, Predicate.class, (Predicate) DeliveryGuard::mustCancel);
        registry.bind(PARK_IN_DATABASE, Predicate.class, (Predicate) Parking::inDatabase);
        registry.bind(PARK_ON_BROKER, Predicate.class, (Predicate) ex -> !Parking.inDatabase(ex));
        registry.bind(SEND_AGAIN, Predicate.class, (Predicate) MxFailover::sendAgain);
        registry.bind(HAS_HTML_PART, Predicate.class, (Predicate) MessagePreparer::hasHtmlPart);
        registry.bind(HAS_TEXT_PART, Predicate.class, (Predicate) MessagePreparer::hasTextPart);
        registry.bind(ATTEMPTED, Predicate.class,
                (Predicate) ex -> ex.getMessage().getBody() instanceof DeliveryResult r && r.attempted());
    }

    private static ClaimedRow row(Exchange exchange) {
        return exchange.getProperty(SLUICE_ROW, ClaimedRow.class);
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
