/**
 * The pre-flight check of a sender's DNS ({@code check-dns}): SPF, DKIM, DMARC, PTR/FCrDNS and MX, each a small
 * class returning a {@link io.sluice.dnscheck.CheckResult} with the fix for a failure. Which failures break the
 * Gmail/Yahoo bulk-sender requirements is part of each result ({@code required}); see docs/deliverability.md.
 */
package io.sluice.dnscheck;
