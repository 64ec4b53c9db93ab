package io.sluice.send.pool;

/**
 * What a pooled connection is bound to: connections are shared only between sends with the same protocol,
 * server, login and TLS requirement. {@code tlsRequired} keeps a session opened in plain text for a domain
 * with opportunistic STARTTLS from ever carrying mail of a domain that requires TLS on the same server.
 *
 * @param credential a fingerprint of the password ({@link #fingerprint}), never the password and never shown: two
 *                   domains logging in as the same user with different passwords must not share a session (one
 *                   logged in with the right password would carry the other's mail; RelayAuthTest found it)
 */
public record Destination(String protocol, String host, int port, String username, boolean tlsRequired,
                          String credential) {

    public Destination(String protocol, String host, int port, String username) {
        this(protocol, host, port, username, false, null);
    }

    public Destination(String protocol, String host, int port, String username, boolean tlsRequired) {
        this(protocol, host, port, username, tlsRequired, null);
    }

    /** SHA-256 of the password, hex; null without one. */
    public static String fingerprint(String password) {
        if (password == null) {
            return null;
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return protocol + "://" + (username == null ? "" : username + "@") + host + ":" + port
                + (tlsRequired ? " (TLS required)" : "");
    }
}
