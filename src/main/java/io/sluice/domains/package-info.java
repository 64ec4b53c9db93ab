/**
 * Per-destination policy as data: {@code domains.yaml} ({@code defaults:}, {@code domains:}, {@code sites:},
 * {@code rules:}), loaded and validated at start. A bad value stops start-up with a message naming the key.
 * Owns transports ({@code transport}: a relay URI or {@code mx}), {@code requireTls}, the MX rollup rules
 * ({@link io.sluice.domains.SiteRule}) and the per-site connection and hourly limits
 * ({@link io.sluice.domains.SiteLimits}); flow-control settings and reply rules read the same merged tree.
 */
package io.sluice.domains;
