package io.sluice.send.pool;

/**
 * What a pooled connection is bound to: connections are shared only between sends with the same protocol,
 * server and login.
 */
public record Destination(String protocol, String host, int port, String username) {

    @Override
    public String toString() {
        return protocol + "://" + (username == null ? "" : username + "@") + host + ":" + port;
    }
}
