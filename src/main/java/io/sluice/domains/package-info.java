/**
 * Per-destination policy as data: {@code domains.yaml} ({@code defaults:}, {@code domains:}, {@code sites:},
 * {@code rules:}), loaded and validated at start (a bad value stops start-up with a message naming the key) and
 * again whenever {@code io.sluice.policy} re-reads the files while running.
 * Owns transports ({@code transport}: a relay URI or {@code mx}), {@code requireTls}, the MX rollup rules
 * ({@link io.sluice.domains.SiteRule}) and the per-site connection and hourly limits
 * ({@link io.sluice.domains.SiteLimits}). {@link io.sluice.domains.DomainsDocument} is the one reader of the file:
 * it merges the files and reads every section once with a {@link io.sluice.domains.KeyTable} (each key's name, owner
 * and reader); {@link io.sluice.domains.DomainPolicies} and flow control's settings are built from that document.
 * Durations and rates are read by {@link io.sluice.domains.Durations} and {@link io.sluice.domains.Rates} only.
 */
package io.sluice.domains;
