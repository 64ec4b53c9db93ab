/**
 * MX resolution for domains routed to their own mail servers (no {@code transport} override in domains.yaml):
 * MX records lowest preference first, the A/AAAA record when there is no MX, RFC 7505 null MX as "this domain
 * accepts no mail", answers cached for their TTL (clamped to {@code sluice.dns.min-ttl} /
 * {@code sluice.dns.max-ttl}).
 *
 * <p>Why dnsjava and not {@code InetAddress}/JNDI: the JDK has no MX lookup outside JNDI's DNS provider, whose
 * answers carry no TTL and whose errors do not tell NXDOMAIN from SERVFAIL. dnsjava speaks the wire protocol
 * to a configurable resolver ({@code sluice.dns.servers}), so tests point it at a real DNS server on loopback.
 *
 * <p>Failures ({@link io.sluice.dns.DnsLookupException}): NXDOMAIN, a null MX, or a name with neither MX nor
 * address are permanent (the message fails, reason Invalid domain); SERVFAIL, REFUSED, timeouts and network
 * errors are temporary (a connection-class soft failure: the message is retried).
 */
package io.sluice.dns;
