/**
 * Sending: where each recipient domain's mail goes ({@link io.sluice.send.TransportResolver}: the domain's relay, or
 * its MX hosts through {@link io.sluice.dns.MxResolver}), which site it counts against (the throttle and flow-control
 * key: the domain for relays, else the MX rollup rule or the MX host set), whether STARTTLS is mandatory, and the
 * MIME message itself ({@link io.sluice.send.MessageAssembler}: headers and bodies, rendered once to its wire
 * bytes). camel-mail does the SMTP work: it sends a {@code MimeMessage} body as it is. The SMTP client's write
 * timeout runs on one shared timer ({@link io.sluice.send.WriteDeadlines}).
 */
package io.sluice.send;
