package io.sluice.message;

import io.sluice.SluiceExchange;
import io.sluice.result.DeliveryResult;
import io.sluice.result.ResultRecorder;
import io.sluice.dns.DnsLookupException;
import io.sluice.send.Route;
import io.sluice.send.TransportResolver;
import org.apache.camel.Exchange;

import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * First step of the per-message route: turns a claimed row into what the render and send steps need
 * (domain header, transport, template model and templates), or decides up front that the row cannot be
 * sent (no delivery, denylisted, expired, malformed address) and puts its final result on the exchange.
 */
public final class MessagePreparer {

    private final TransportResolver transports;
    private final ResultRecorder results;
    private final DeliveryContents contents;
    private final Clock clock;

    public MessagePreparer(TransportResolver transports, ResultRecorder results, DeliveryContents contents,
                           Clock clock) {
        this.transports = transports;
        this.results = results;
        this.contents = contents;
        this.clock = clock;
    }

    @SuppressWarnings("unchecked")
    public void prepare(Exchange exchange) throws DnsLookupException, SQLException {
        ClaimedRow row = ClaimedRow.fromColumns(exchange.getMessage().getBody(Map.class));
        exchange.setProperty(SluiceExchange.ROW, row);
        // checked once: rejection() and the domain below used to check the address twice per message
        AddressCheck check = RecipientAddress.check(row.targetAddress());
        DeliveryResult rejected = rejection(row, check);
        // the delivery row may have gone since the claim read it: not sendable either (a database error is thrown
        // to the route's doCatch: the row stays Pending and is retried)
        DeliveryContents.Content content = rejected == null ? contents.of(row.deliveryId()) : null;
        if (rejected == null && content == null) {
            rejected = deliveryNotFound(row, check);
        }
        if (rejected != null) {
            exchange.setProperty(SluiceExchange.RESULT, rejected);
            return;
        }
        AddressCheck.Valid address = (AddressCheck.Valid) check;
        exchange.getMessage().setHeader(SluiceExchange.DOMAIN, address.domain());
        exchange.setProperty("sluiceAddress", address);
        // MX lookup: a DNS failure is thrown to the route's doCatch and becomes the message's result
        // (NXDOMAIN / null MX: Failed, Invalid domain; SERVFAIL / timeout: Pending, retried)
        Route route = transports.route(address.domain(), row.retry());
        exchange.getMessage().setHeader(SluiceExchange.SITE, route.site());
        exchange.setProperty(SluiceExchange.SITE_PROPERTY, route.site());
        exchange.setProperty(SluiceExchange.TRANSPORT, route.endpointUri());
        exchange.setProperty(SluiceExchange.MODEL, model(row, address));
        exchange.setProperty("sluiceSubjectTemplate", content.subject());
        if (content.html() != null) {
            exchange.setProperty("sluiceHtmlTemplate", content.html());
        }
        if (content.text() != null) {
            exchange.setProperty("sluiceTextTemplate", content.text());
        }
    }

    private DeliveryResult rejection(ClaimedRow row, AddressCheck check) {
        String domain = check instanceof AddressCheck.Valid valid ? valid.domain() : null;
        if (!row.deliveryFound()) {
            return deliveryNotFound(row, check);
        }
        java.util.Optional<String> badFrom = SenderAddress.problem(row.mailFrom());
        if (badFrom.isPresent()) {
            return results.notSendable(row, domain, ResultRecorder.Rejection.INVALID_SENDER, "Not sent: " + badFrom.get());
        }
        if (row.validity() != null && clock.instant().isAfter(row.validity())) {
            return results.notSendable(row, domain, ResultRecorder.Rejection.VALIDITY_EXPIRED,
                    "Validity period of the delivery has expired");
        }
        if (check instanceof AddressCheck.Invalid invalid) {
            return results.notSendable(row, null, invalid.failureReason() == 7
                            ? ResultRecorder.Rejection.ADDRESS_NOT_SPECIFIED : ResultRecorder.Rejection.UNQUALIFIED,
                    (invalid.failureReason() == 7 ? "Address not specified: " : "Unqualified address: ") + invalid.why());
        }
        if (row.denylisted()) {
            return results.notSendable(row, domain, ResultRecorder.Rejection.DENYLISTED, "Recipient is on the denylist");
        }
        return null;
    }

    /** The row's delivery is gone (when claimed, or since): not sendable, Failed with a reason. */
    private DeliveryResult deliveryNotFound(ClaimedRow row, AddressCheck check) {
        return results.notSendable(row, check instanceof AddressCheck.Valid valid ? valid.domain() : null,
                ResultRecorder.Rejection.DELIVERY_NOT_FOUND, "Delivery " + row.deliveryId() + " not found");
    }

    /** Template variables: {{recipient.firstName}}, {{recipient.lastName}}, {{recipient.email}}, {{delivery.*}}. */
    private static Map<String, Object> model(ClaimedRow row, AddressCheck.Valid address) {
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("id", row.recipientId());
        recipient.put("email", address.address());
        recipient.put("firstName", nullToEmpty(row.firstName()));
        recipient.put("lastName", nullToEmpty(row.lastName()));
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("id", row.deliveryId());
        delivery.put("internalName", nullToEmpty(row.deliveryName()));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("recipient", recipient);
        model.put("delivery", delivery);
        model.put("broadlogId", row.broadlogId());
        return model;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
