/**
 * Sending: where each recipient domain's mail goes ({@link io.sluice.send.TransportResolver}: the domain's relay, or
 * its MX hosts through {@link io.sluice.dns.MxResolver}), which site it counts against (the throttle and flow-control
 * key: the domain for relays, else the MX rollup rule or the MX host set), whether STARTTLS is mandatory, and the
 * mail headers a message carries on the wire. camel-mail does the SMTP work.
 */
package io.sluice.send;
