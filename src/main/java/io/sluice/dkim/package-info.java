/**
 * DKIM signing (RFC 6376; rsa-sha256 with RFC 8301's key sizes, and ed25519-sha256 of RFC 8463 as an optional second
 * signature) of every message whose From domain has a key in {@code domains.yaml}'s {@code dkim} section.
 *
 * <p>{@link io.sluice.dkim.DkimKeys} holds the keys ({@link io.sluice.dkim.DkimKey}: PKCS#8 PEM files read once at
 * start; a missing, unreadable, wrong-format or short key stops the start naming the domain and the file; the key
 * is never logged nor shown over JMX) and finds them by From domain: exact, else the nearest {@code *.parent}.
 * Each key's public key is derived from the private one (RSA: modulus and public exponent of the CRT key; Ed25519:
 * through the JDK's key pair generator, see {@code DkimKeyFiles}), so the published TXT record can be checked.
 * {@link io.sluice.dkim.DkimSigning} is the {@code sign-message} step of {@code routes/deliver.camel.yaml}, after
 * the message is rendered ({@link io.sluice.send.pool.WireMessage}: Date and Message-ID final), and the
 * {@code sluice.dkim.unsigned} policy for domains without a key ({@code send}: one WARN per domain; {@code fail}:
 * the row is refused up front and ends Failed with the reason).
 *
 * <p><b>Why the JDK's {@code Signature} and an own relaxed canonicaliser rather than Apache James jDKIM 0.5.</b>
 * The cost of a signed message is the RSA signature: about 1.1 ms of CPU for RSA-2048, against about 0.01 ms to
 * canonicalise and hash a 2 KB message here (measured: {@code bench/throughput --dkim} prints both; see
 * docs/benchmarks.md). Which library canonicalises therefore changes the signed throughput by under 1 %; what
 * decides is the rest. jDKIM signs a byte stream it parses again (the message is rendered already: its header
 * lines and body bytes are at hand), builds its signer per message from a template and a key, and has no Ed25519.
 * The canonicaliser here works on the rendered header lines and body bytes without copying them, with one buffer
 * and one {@code MessageDigest} per sending thread and one initialised {@code Signature} per key and thread; it is
 * checked against an independent verifier (Debian's python3-dkim) in {@code DkimSignatureTest}.
 *
 * <p>Every signature is {@code c=relaxed/relaxed}; {@code h=} lists {@link io.sluice.dkim.DkimSigning#SIGNED_HEADERS}
 * that are present, From over-signed. No {@code t=}/{@code x=} (a clock skew at the receiver would only add risk).
 */
package io.sluice.dkim;
