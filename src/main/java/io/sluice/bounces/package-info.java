/**
 * Bounces: the VERP envelope sender ({@link io.sluice.bounces.ReturnPath}) that names the broadlog row a bounce
 * belongs to, authenticated with an HMAC so a forged bounce cannot name another row; and the bounce mailbox
 * (routes/bounces.camel.yaml): {@link io.sluice.bounces.MailReader} reads DSNs (RFC 3464), ARF reports (RFC 5965)
 * and automatic replies (RFC 3834), {@link io.sluice.bounces.BounceMatcher} finds their broadlog row,
 * {@link io.sluice.bounces.BounceLedger} writes what they mean (SluiceInboundMail, the broadlog, NmsAddress) in the
 * route's transaction, {@link io.sluice.bounces.BounceMailbox} is the route's bean and
 * {@link io.sluice.bounces.BounceStats} the MBean {@code sluice:type=Bounces}.
 */
package io.sluice.bounces;
