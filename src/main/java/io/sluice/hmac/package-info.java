/**
 * Authenticated identifiers: one HMAC-SHA256 key type ({@link io.sluice.hmac.HmacKey}) that the one-click
 * unsubscribe token and the VERP return path both sign and verify with, each under its own secret and purpose.
 * A leaf: it imports nothing of Sluice.
 */
package io.sluice.hmac;
