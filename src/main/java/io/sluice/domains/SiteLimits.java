package io.sluice.domains;

/**
 * Campaign's MX-rule knobs for one site (or relayed domain): connections, messages per connection, messages per
 * hour, and the connections left while flow control holds the site back (PowerMTA's backoff-max-smtp-out). A null
 * field is not set here: the next level decides ({@code sites.<name>} or {@code domains.<domain>}, then
 * {@code defaults}, then {@code sluice.smtp.pool.*} for the connection knobs; no hourly cap by default).
 *
 * @param maxConnections        open SMTP connections to the site's host at most
 * @param messagesPerConnection mail transactions on one connection before it is replaced
 * @param messagesPerHour       hourly cap, paced evenly (one send slot every 3600/N s)
 * @param backoffMaxConnections open SMTP connections at most while the site's flow is held back (BACKOFF, SUSPENDED,
 *                              PROBING); unset: half of maxConnections, at least 1
 */
public record SiteLimits(Integer maxConnections, Integer messagesPerConnection, Integer messagesPerHour,
                         Integer backoffMaxConnections) {

    public static final SiteLimits NONE = new SiteLimits(null, null, null, null);

    public SiteLimits {
        positive("maxConnections", maxConnections);
        positive("messagesPerConnection", messagesPerConnection);
        positive("messagesPerHour", messagesPerHour);
        positive("backoffMaxConnections", backoffMaxConnections);
    }

    private static void positive(String key, Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(key + " must be >= 1, was " + value);
        }
    }

    /** This level's values, the fallback's where this level sets none. */
    public SiteLimits orElse(SiteLimits fallback) {
        return new SiteLimits(maxConnections != null ? maxConnections : fallback.maxConnections,
                messagesPerConnection != null ? messagesPerConnection : fallback.messagesPerConnection,
                messagesPerHour != null ? messagesPerHour : fallback.messagesPerHour,
                backoffMaxConnections != null ? backoffMaxConnections : fallback.backoffMaxConnections);
    }
}
