/**
 * Per-destination policy as data: {@code domains.yaml} ({@code defaults:}, {@code domains:}, {@code rules:}),
 * loaded and validated at start. A bad value stops start-up with a message naming the key.
 */
package io.sluice.domains;
