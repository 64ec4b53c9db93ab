package io.sluice;

/**
 * Names of the headers and exchange properties Sluice's routes and beans share. Headers prefixed
 * {@code Sluice} are removed before a message goes on the wire; the {@code X-} headers are meant for it.
 */
public final class SluiceExchange {

    private SluiceExchange() {
    }

    /** Header: the recipient's domain (lower-case ASCII). Per-domain reporting and parking key on it. */
    public static final String DOMAIN = "SluiceDomain";
    /**
     * Header: the site the message counts against: the MX rollup rule's name, else the domain's sorted MX host
     * set, else (relay or transport override) the domain. The throttle and flow control key on it, so domains
     * sharing MX hosts share one rate, one state and (same hosts) one connection pool.
     */
    public static final String SITE = "SluiceSite";
    /** Property: the site, kept past the wire headers for the result stream (flow-control windows). */
    public static final String SITE_PROPERTY = "sluiceSite";
    /** Header: the claim token of the batch a message belongs to (claim route -> writer). */
    public static final String CLAIM_TOKEN = "claimToken";
    /** Header: this instance's name, stamped into sClaimedBy. */
    public static final String INSTANCE_ID = "instanceId";
    /** Header: the claim's clock reading ("due now"). */
    public static final String NOW = "now";
    /** Header: end of the lease taken by a claim. */
    public static final String LEASE_UNTIL = "leaseUntil";
    /** Header: how many rows one claim may take. */
    public static final String BATCH_SIZE = "batchSize";

    /** Property: the claimed row ({@link io.sluice.message.ClaimedRow}). */
    public static final String ROW = "sluiceRow";
    /** Property: the camel-mail endpoint URI the message goes to. */
    public static final String TRANSPORT = "sluiceTransport";
    /** Property: the template model (recipient and delivery fields). */
    public static final String MODEL = "sluiceModel";
    /** Property: set when a message is not sendable (bad address, expired...): its final result. */
    public static final String RESULT = "sluiceResult";
    /** Property: rendered subject. */
    public static final String SUBJECT = "sluiceSubject";
    /** Property: rendered HTML body (absent when the delivery has none). */
    public static final String HTML = "sluiceHtml";
    /** Property: rendered text body (absent when the delivery has none). */
    public static final String TEXT = "sluiceText";

    /** Message header carrying the broadlog id (bounce and reply matching). */
    public static final String X_BROADLOG_ID = "X-Broadlog-Id";
    /** Message header carrying the delivery id. */
    public static final String X_DELIVERY_ID = "X-Delivery-Id";
}
