/**
 * SMTP session reuse: Angus Mail {@code Transport}s kept open per destination (protocol, host, port, user) and
 * handed to camel-mail through its {@code JavaMailSender} contract.
 *
 * <p>Why: camel-mail's {@code DefaultJavaMailSender} connects, sends one message and QUITs; the TCP and SMTP
 * handshakes then cost more than the message (measured ~770 msg/s against ~2,300 msg/s over one kept-open
 * connection). Real MTAs reuse sessions within limits; so does this pool:
 * <ul>
 *   <li>at most {@code sluice.smtp.pool.max-connections} open connections per destination; a send waits at
 *       most {@code sluice.smtp.pool.borrow-timeout} for one, then fails as a connection failure (retried);</li>
 *   <li>fewer while flow control holds an MX site back ({@code backoffMaxConnections} in domains.yaml, default
 *       half; {@link io.sluice.send.pool.HeldBackConnectionLimit}), the surplus QUIT as sends return;</li>
 *   <li>QUIT and reconnect after {@code sluice.smtp.pool.messages-per-connection} transactions;</li>
 *   <li>connections idle for {@code sluice.smtp.pool.idle-timeout} are QUIT by a reaper thread;</li>
 *   <li>a connection is discarded after a 421 reply, a dropped connection or any failure that leaves the
 *       session state in doubt; the next message opens a new one.</li>
 * </ul>
 *
 * <p><b>RSET.</b> Angus's {@code SMTPTransport} already sends {@code RSET} itself after a failed {@code MAIL},
 * {@code RCPT} or end-of-{@code DATA} reply (in {@code rcptTo()} and {@code issueSendCommand()}; verified in
 * angus-mail 2.0.5 bytecode) but ignores the answer to it. So after a failed transaction whose session is
 * still sound the pool sends its own {@code RSET} expecting {@code 250} before the next message, and discards
 * the connection if that fails. A connection idle for more than a second is checked the same way, so a
 * session the server timed out is replaced before a message is lost on it.
 *
 * <p><b>Wiring.</b> camel-mail uses one {@code JavaMailSender} instance for every endpoint that is given one,
 * without telling it the endpoint's host and port (MailEndpoint.createProducer); only when none is given does
 * it build one per endpoint from the endpoint configuration (MailConfiguration.createJavaMailSender). So
 * {@link io.sluice.send.pool.PooledMailConfiguration} overrides that factory method: each endpoint
 * ({@code smtp://host:port}) gets a {@link io.sluice.send.pool.PooledJavaMailSender} configured exactly as
 * camel-mail would configure its own, sending through the one shared {@link io.sluice.send.pool.SmtpConnectionPool}.
 */
package io.sluice.send.pool;
