package io.sluice.send.pool;

/**
 * What a pooled connection is bound to: connections are shared only between sends with the same protocol,
 * server, login and TLS requirement. {@code tlsRequired} keeps a session opened in plain text for a domain
 * with opportunistic STARTTLS from ever carrying mail of a domain that requires TLS on the same server.
 */
public record Destination(String protocol, String host, int port, String username, boolean tlsRequired) {

    public Destination(String protocol, String host, int port, String username) {
        this(protocol, host, port, username, false);
    }

    @Override
    public String toString() {
        return protocol + "://" + (username == null ? "" : username + "@") + host + ":" + port
                + (tlsRequired ? " (TLS required)" : "");
    }
}
