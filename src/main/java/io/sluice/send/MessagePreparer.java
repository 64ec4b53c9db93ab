package io.sluice.send;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.message.SenderAddress;
import io.sluice.message.ClaimedRow;
import io.sluice.message.AddressCheck;
import io.sluice.message.DeliveryContents;
import io.sluice.message.RecipientAddress;
import io.sluice.quarantine.AddressStatus;
import static io.sluice.SluiceConstants.SLUICE_ADDRESS;
import static io.sluice.SluiceConstants.SLUICE_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_HTML_TEMPLATE;
import static io.sluice.SluiceConstants.SLUICE_MODEL;
import static io.sluice.SluiceConstants.SLUICE_RESULT;
import static io.sluice.SluiceConstants.SLUICE_RESULT_SITE;
import static io.sluice.SluiceConstants.SLUICE_ROW;
import static io.sluice.SluiceConstants.SLUICE_SITE;
import static io.sluice.SluiceConstants.SLUICE_FEEDBACK_ID;
import static io.sluice.SluiceConstants.SLUICE_SUBJECT_TEMPLATE;
import static io.sluice.SluiceConstants.SLUICE_TEXT_TEMPLATE;
import static io.sluice.SluiceConstants.SLUICE_TRANSPORT;

import io.sluice.result.DeliveryResult;
import io.sluice.result.ResultRecorder;
import io.sluice.dns.DnsLookupException;
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
    private final SenderCheck senderCheck;

    public MessagePreparer(TransportResolver transports, ResultRecorder results, DeliveryContents contents,
                           Clock clock) {
        this(transports, results, contents, clock, SenderCheck.NONE);
    }

    /** @param senderCheck refuses rows whose sender cannot be sent for (e.g. no DKIM key, io.sluice.dkim) */
    public MessagePreparer(TransportResolver transports, ResultRecorder results, DeliveryContents contents,
                           Clock clock, SenderCheck senderCheck) {
        this.transports = transports;
        this.results = results;
        this.contents = contents;
        this.clock = clock;
        this.senderCheck = senderCheck;
    }

    @SuppressWarnings("unchecked")
    public void prepare(Exchange exchange) throws DnsLookupException, SQLException {
        ClaimedRow row = ClaimedRow.fromColumns(exchange.getMessage().getBody(Map.class));
        exchange.setProperty(SLUICE_ROW, row);
        // checked once: rejection() and the domain below used to check the address twice per message
        AddressCheck check = RecipientAddress.check(row.targetAddress());
        DeliveryResult rejected = rejection(row, check);
        // the delivery row may have gone since the claim read it: not sendable either (a database error is thrown
        // to the route's doCatch: the row stays Pending and is retried)
        DeliveryContents.Content content = rejected == null ? contents.of(row.deliveryId()) : null;
        if (rejected == null && content == null) {
            rejected = deliveryNotFound(row, check);
        } else if (rejected == null && content.feedbackIdError() != null) {
            rejected = results.notSendable(row, ((AddressCheck.Valid) check).domain(),
                    ResultRecorder.Rejection.INVALID_FEEDBACK_ID, "Not sent: " + content.feedbackIdError());
        }
        if (rejected != null) {
            exchange.setProperty(SLUICE_RESULT, rejected);
            return;
        }
        AddressCheck.Valid address = (AddressCheck.Valid) check;
        exchange.getMessage().setHeader(SLUICE_DOMAIN, address.domain());
        exchange.setProperty(SLUICE_ADDRESS, address);
        // MX lookup: a DNS failure is thrown to the route's doCatch and becomes the message's result
        // (NXDOMAIN / null MX: Failed, Invalid domain; SERVFAIL / timeout: Pending, retried)
        SendTarget route = transports.route(address.domain(), row.retry());
        exchange.getMessage().setHeader(SLUICE_SITE, route.site());
        exchange.setProperty(SLUICE_RESULT_SITE, route.site());
        exchange.setProperty(SLUICE_TRANSPORT, route.endpointUri());
        exchange.setProperty(SLUICE_MODEL, model(row, address));
        exchange.setProperty(SLUICE_SUBJECT_TEMPLATE, content.subject());
        if (content.feedbackId() != null) {
            exchange.setProperty(SLUICE_FEEDBACK_ID, content.feedbackId());
        }
        if (content.html() != null) {
            exchange.setProperty(SLUICE_HTML_TEMPLATE, content.html());
        }
        if (content.text() != null) {
            exchange.setProperty(SLUICE_TEXT_TEMPLATE, content.text());
        }
    }

    /** Predicate {@code notSendable}: {@link #prepare} rejected the row up front; its result is already known. */
    public static boolean notSendable(Exchange exchange) {
        return exchange.getProperty(SLUICE_RESULT) != null;
    }

    /** Expression {@code notSendableResult}: the result of a row rejected up front. */
    public static DeliveryResult notSendableResult(Exchange exchange) {
        return exchange.getProperty(SLUICE_RESULT, DeliveryResult.class);
    }

    /** Predicate {@code hasHtmlPart}: the delivery has an HTML template to render. */
    public static boolean hasHtmlPart(Exchange exchange) {
        return exchange.getProperty(SLUICE_HTML_TEMPLATE) != null;
    }

    /** Predicate {@code hasTextPart}: the delivery has a text template to render. */
    public static boolean hasTextPart(Exchange exchange) {
        return exchange.getProperty(SLUICE_TEXT_TEMPLATE) != null;
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
        java.util.Optional<String> refused = senderCheck.refusal(row.mailFrom());
        if (refused.isPresent()) {
            return results.notSendable(row, domain, ResultRecorder.Rejection.SENDER_REFUSED, "Not sent: " + refused.get());
        }
        if (row.validity() != null && clock.instant().isAfter(row.validity())) {
            return results.notSendable(row, domain, ResultRecorder.Rejection.VALIDITY_EXPIRED, BroadlogTexts.EXPIRED);
        }
        if (check instanceof AddressCheck.Invalid invalid) {
            return results.notSendable(row, null, invalid.failureReason() == 7
                            ? ResultRecorder.Rejection.ADDRESS_NOT_SPECIFIED : ResultRecorder.Rejection.UNQUALIFIED,
                    (invalid.failureReason() == 7 ? "Address not specified: " : "Unqualified address: ") + invalid.why());
        }
        if (row.denylisted()) {
            return results.notSendable(row, domain, ResultRecorder.Rejection.DENYLISTED, "Recipient is on the denylist");
        }
        // the address's quarantine record (NmsAddress, read with the claim): no SMTP connection is opened for it
        AddressStatus addressStatus = AddressStatus.ofCode(row.addressStatus());
        if (addressStatus == AddressStatus.DENYLISTED) {
            return results.notSendable(row, domain, ResultRecorder.Rejection.DENYLISTED,
                    "Address is denylisted (a complaint): not sent");
        }
        if (addressStatus == AddressStatus.QUARANTINE) {
            return results.notSendable(row, domain, ResultRecorder.Rejection.QUARANTINED,
                    "Address in quarantine: not sent (see sluice.jar quarantine show ADDRESS)");
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
