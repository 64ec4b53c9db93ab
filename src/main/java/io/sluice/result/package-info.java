/**
 * What an SMTP attempt ended as, in Campaign's terms.
 *
 * <p>This package owns the path from a Java exception (Angus Mail, JDK networking, or our own bugs) to what
 * Campaign stores for a delivery: the {@link io.sluice.result.SendOutcome} of the attempt, the parsed
 * {@link io.sluice.result.SmtpReply}, the Campaign failure type and reason ({@link io.sluice.result.FailureType},
 * {@link io.sluice.result.FailureReason}, decided by {@link io.sluice.result.FailureQualifier}), and the
 * normalised reply text that groups identical errors into one NmsBroadLogMsg row
 * ({@link io.sluice.result.ReplyNormalizer}). Plain Java, no Camel; the only mail types used are the exception
 * classes Angus throws.
 */
package io.sluice.result;
