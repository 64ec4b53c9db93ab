package io.sluice.dns;

/**
 * A lookup that found no usable mail host. {@link #permanent()} decides the message's fate: a permanent one
 * fails it (reason Invalid domain), a temporary one leaves it Pending for a retry, like a refused connection.
 */
public final class DnsLookupException extends Exception {

    /** Why the lookup found no mail host. */
    public enum Kind {
        /** NXDOMAIN: the domain does not exist. Permanent. */
        NO_SUCH_DOMAIN(true),
        /** RFC 7505 null MX ({@code MX 0 .}): the domain says it accepts no mail. Permanent. */
        NULL_MX(true),
        /** Neither MX nor A/AAAA records. Permanent. */
        NO_MAIL_HOST(true),
        /** SERVFAIL, REFUSED, a timeout or a network error: the answer is unknown. Temporary. */
        TEMPORARY(false);

        private final boolean permanent;

        Kind(boolean permanent) {
            this.permanent = permanent;
        }
    }

    private final Kind kind;
    private final String name;
    /** How long a permanent answer may be cached (the SOA minimum or the record TTL); null = the floor. */
    private transient java.time.Duration cacheFor;

    public DnsLookupException(Kind kind, String name, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.name = name;
    }

    public Kind kind() {
        return kind;
    }

    /** The name that was looked up. */
    public String name() {
        return name;
    }

    java.time.Duration cacheFor() {
        return cacheFor;
    }

    void cacheFor(java.time.Duration ttl) {
        this.cacheFor = ttl;
    }

    public boolean permanent() {
        return kind.permanent;
    }
}
