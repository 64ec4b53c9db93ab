/**
 * Bounces. So far: the VERP envelope sender ({@link io.sluice.bounces.ReturnPath}) that names the broadlog row a
 * bounce belongs to, authenticated with an HMAC so a forged bounce cannot name another row.
 */
package io.sluice.bounces;
