/**
 * SMTP simulator: a real SMTP server in the JVM (subethasmtp on 127.0.0.1) whose replies are
 * programmed per recipient domain.
 *
 * <p>The Sluice demo uses it as the set of "remote mail providers", and the integration tests use
 * it as a genuine SMTP peer, so the sender's flow control is exercised over real sockets rather
 * than mocks. Behaviour is decided at {@code RCPT TO} from the recipient's domain:
 * {@link io.sluice.smtpsim.DomainBehaviour} describes what a domain does (accept, defer, reject,
 * rate limit, drop the connection, answer slowly) and {@link io.sluice.smtpsim.SmtpSimulator}
 * serves it, counts what happened ({@link io.sluice.smtpsim.SimulatorCounters}) and keeps a
 * bounded capture of the accepted messages ({@link io.sluice.smtpsim.ReceivedMessage}).
 */
package io.sluice.smtpsim;
