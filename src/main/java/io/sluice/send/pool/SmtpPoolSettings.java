package io.sluice.send.pool;

import java.time.Duration;

/**
 * Limits of the SMTP connection pool ({@code sluice.smtp.pool.*}).
 *
 * @param maxConnections         open connections per destination, in use or idle
 * @param messagesPerConnection  transactions on one connection before it is QUIT and replaced
 * @param idleTimeout            an unused connection is QUIT after this
 * @param borrowTimeout          how long a send waits for a connection when all are busy
 */
public record SmtpPoolSettings(int maxConnections, int messagesPerConnection, Duration idleTimeout, Duration borrowTimeout) {

    public static final SmtpPoolSettings DEFAULTS = new SmtpPoolSettings(4, 100, Duration.ofSeconds(5), Duration.ofSeconds(30));

    public SmtpPoolSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("sluice.smtp.pool.max-connections must be >= 1, was " + maxConnections);
        }
        if (messagesPerConnection < 1) {
            throw new IllegalArgumentException("sluice.smtp.pool.messages-per-connection must be >= 1, was " + messagesPerConnection);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("sluice.smtp.pool.idle-timeout must be > 0, was " + idleTimeout);
        }
        if (borrowTimeout.isNegative()) {
            throw new IllegalArgumentException("sluice.smtp.pool.borrow-timeout must be >= 0, was " + borrowTimeout);
        }
    }
}
