package io.sluice;

/**
 * Names of every header and exchange property Sluice's routes and beans share, in one place (camel-mail's
 * {@code MailConstants} is the model). One convention: the Java name is {@code SLUICE_} + what it holds; the value is
 * <ul>
 * <li>{@code sluiceCamelCase} for an exchange property (routes read it as {@code ${exchangeProperty.sluiceRow}});</li>
 * <li>{@code SluiceCamelCase} for a header of the per-message route, removed before the message goes on the wire;</li>
 * <li>the named parameter of the {@code config/sql/} statement that reads it ({@code :#claimToken}) for a claim
 * header, and the JMS property name for a parked message (both fixed: statements and messages already on the broker
 * use them);</li>
 * <li>the wire name ({@code X-Broadlog-Id}) for a header of the sent message.</li>
 * </ul>
 * The routes decide through registry predicates ({@code ref: mustPark}, {@code io.sluice.boot.RouteExpressions}), not
 * by comparing these values in {@code simple}.
 */
public final class SluiceConstants {

    private SluiceConstants() {
    }

    // Headers of the per-message route (removed before the wire)

    /** Header: the recipient's domain (lower-case ASCII). Per-domain reporting and parking key on it. */
    public static final String SLUICE_DOMAIN = "SluiceDomain";
    /**
     * Header: the site the message counts against: the MX rollup rule's name, else the domain's sorted MX host
     * set, else (relay or transport override) the domain. The throttle and flow control key on it, so domains
     * sharing MX hosts share one rate, one state and (same hosts) one connection pool.
     */
    public static final String SLUICE_SITE = "SluiceSite";

    // Exchange properties of the per-message route

    /** Property: the claimed row ({@link io.sluice.message.ClaimedRow}). */
    public static final String SLUICE_ROW = "sluiceRow";
    /** Property: the site, kept past the wire headers for the result stream (flow-control windows). */
    public static final String SLUICE_RESULT_SITE = "sluiceSite";
    /** Property: the checked recipient address ({@link io.sluice.message.AddressCheck.Valid}). */
    public static final String SLUICE_ADDRESS = "sluiceAddress";
    /** Property: set when a message is not sendable (bad address, expired...): its final result. */
    public static final String SLUICE_RESULT = "sluiceResult";
    /**
     * Property of write-batch (routes/results.xml): the batch's {@link io.sluice.result.DeliveryResult}s, kept for the
     * quarantine step after the broadlog write has replaced the body.
     */
    public static final String SLUICE_RESULTS = "sluiceResults";
    /** Property: the camel-mail endpoint URI the message goes to. */
    public static final String SLUICE_TRANSPORT = "sluiceTransport";
    /** Property: the template model (recipient and delivery fields). */
    public static final String SLUICE_MODEL = "sluiceModel";
    /** Property: the subject template of the message's delivery. */
    public static final String SLUICE_SUBJECT_TEMPLATE = "sluiceSubjectTemplate";
    /** Property: the HTML template of the delivery (absent when it has none). */
    public static final String SLUICE_HTML_TEMPLATE = "sluiceHtmlTemplate";
    /** Property: the text template of the delivery (absent when it has none). */
    public static final String SLUICE_TEXT_TEMPLATE = "sluiceTextTemplate";
    /** Property: the delivery's Feedback-ID header value (absent when sluice.feedback-id.template is empty). */
    public static final String SLUICE_FEEDBACK_ID = "sluiceFeedbackId";
    /** Property: rendered subject. */
    public static final String SLUICE_SUBJECT = "sluiceSubject";
    /** Property: rendered HTML body (absent when the delivery has none). */
    public static final String SLUICE_HTML = "sluiceHtml";
    /** Property: rendered text body (absent when the delivery has none). */
    public static final String SLUICE_TEXT = "sluiceText";

    // Flow-control gate (io.sluice.flowcontrol.camel.FlowGate) and parking

    /** Property: when set, the message must be parked until this instant. */
    public static final String SLUICE_PARK_UNTIL = "sluiceParkUntil";
    /** Property: why it is parked (true = flow control holds the domain back; false = just its pace). */
    public static final String SLUICE_PARK_HELD_BACK = "sluiceParkHeldBack";
    /**
     * Property: true when the message is parked beyond {@code sluice.flow.broker-horizon}: it waits in the campaign
     * database (its row, unclaimed, due at the park time) instead of as a scheduled message on the broker, which keeps
     * every scheduled message in memory.
     */
    public static final String SLUICE_PARK_IN_DATABASE = "sluiceParkInDatabase";
    /** Property: the slot a parked message reserved (epoch millis); honoured when it comes back. */
    public static final String SLUICE_RESERVED_SLOT = "sluiceReservedSlot";
    /** Property: the schedule generation the reserved slot belongs to (a reset makes older slots void). */
    public static final String SLUICE_RESERVED_GENERATION = "sluiceReservedGeneration";
    /** Property: the instant (epoch millis) an admitted message may go on to the throttle: its own slot. */
    public static final String SLUICE_SEND_AT = "sluiceSendAt";

    // Delivery lifecycle (io.sluice.lifecycle.DeliveryGuard)

    /** Property: {@code HOLD} or {@code CANCEL} when the message's delivery may not send it now; absent otherwise. */
    public static final String SLUICE_HOLD = "sluiceHold";

    // MX failover (io.sluice.send.MxFailover)

    /** Property: true while the message is to be sent again to the transport set in {@link #SLUICE_TRANSPORT}. */
    public static final String SLUICE_SEND_AGAIN = "sluiceSendAgain";
    /** Property: the endpoints this message's attempt has tried (in order). */
    public static final String SLUICE_TRIED_TRANSPORTS = "sluiceTriedTransports";

    // Headers of the sent message

    /** Message header carrying the broadlog id (bounce and reply matching). */
    public static final String SLUICE_MAIL_BROADLOG_ID = "X-Broadlog-Id";
    /** Message header carrying the delivery id. */
    public static final String SLUICE_MAIL_DELIVERY_ID = "X-Delivery-Id";

    // Claim and lifecycle headers: named parameters of config/sql/ statements

    /** Header (:#claimToken): the claim token of the batch a message belongs to (claim route -> writer). */
    public static final String SLUICE_CLAIM_TOKEN = "claimToken";
    /** Header (:#instanceId): this instance's name, stamped into sClaimedBy. */
    public static final String SLUICE_INSTANCE_ID = "instanceId";
    /** Header (:#now): the claim's clock reading ("due now"). */
    public static final String SLUICE_NOW = "now";
    /** Header (:#leaseUntil): end of the lease taken by a claim. */
    public static final String SLUICE_LEASE_UNTIL = "leaseUntil";
    /** Header (:#batchSize): how many rows one claim may take. */
    public static final String SLUICE_BATCH_SIZE = "batchSize";
    /** Header (:#claimCandidates): how many rows the fair ranking of claim.sql offers its locking select. */
    public static final String SLUICE_CLAIM_CANDIDATES = "claimCandidates";
    /** Header (:#claimSalt): shuffles the locking select's pick among those rows, per claim. */
    public static final String SLUICE_CLAIM_SALT = "claimSalt";

    // JMS properties of a parked message (io.sluice.parking.Parking)

    /** JMS property (:#broadlogId of select-parked.sql): the broadlog id of a parked message. */
    public static final String SLUICE_PARKED_BROADLOG_ID = "broadlogId";
    /** JMS property (:#claimToken of select-parked.sql): the claim token the row is leased under. */
    public static final String SLUICE_PARKED_CLAIM_TOKEN = "claimToken";
    /** JMS property: the delivery id (selector of "remove this stopped delivery's mail"). */
    public static final String SLUICE_PARKED_DELIVERY_ID = "sluiceDeliveryId";
    /** JMS property: the recipient domain (selector of "release this domain's mail"). */
    public static final String SLUICE_PARKED_DOMAIN = "sluiceDomain";
    /** JMS property: the site (flow-control key) of the message, for releasing a recovered site's mail. */
    public static final String SLUICE_PARKED_SITE = "sluiceSite";
    /** JMS property: the slot reserved for it (epoch millis), or absent. */
    public static final String SLUICE_PARKED_SLOT = "sluiceSlot";
    /** JMS property: the schedule generation of that slot. */
    public static final String SLUICE_PARKED_SLOT_GENERATION = "sluiceSlotGeneration";
    /**
     * JMS property, Artemis' duplicate id: the broker stores one message per id (its id cache is persistent), so a
     * send of the same parking retried after a connection failure that did reach the broker is dropped instead of
     * parked twice.
     */
    public static final String SLUICE_PARKED_DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** JMS property, Artemis' scheduled delivery time (epoch millis). */
    public static final String SLUICE_PARKED_SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";
}
