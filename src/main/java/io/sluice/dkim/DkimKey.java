package io.sluice.dkim;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * One configured DKIM key: the From domain pattern it signs for, its selector, the file it was read from and the
 * key pair (the public key derived from the private one, so it can be compared with the DNS TXT record).
 * {@link #toString()} names the domain, selector and file, never the key.
 *
 * @param domainPattern {@code sender.example}, or {@code *.example.com} for that domain and its subdomains
 * @param file          the PKCS#8 PEM file, resolved against the configuration directory
 */
public record DkimKey(String domainPattern, String selector, Path file, PrivateKey privateKey, PublicKey publicKey,
                      DkimAlgorithm algorithm) {

    /**
     * The {@code d=} of signatures made with this key: the domain itself, or for {@code *.example.com} the parent
     * {@code example.com} (one TXT record serves every subdomain; DMARC's relaxed alignment accepts it).
     */
    public String signingDomain() {
        return domainPattern.startsWith("*.") ? domainPattern.substring(2) : domainPattern;
    }

    /** Where the TXT record must be published: {@code <selector>._domainkey.<signing domain>}. */
    public String dnsName() {
        return selector + "._domainkey." + signingDomain();
    }

    /**
     * The {@code p=} value of the TXT record: base64 of the SubjectPublicKeyInfo for RSA (RFC 6376 3.6.1), of the
     * raw 32-byte public key for Ed25519 (RFC 8463 4).
     */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKeyBytes(publicKey, algorithm));
    }

    /** The TXT record to publish at {@link #dnsName()}: {@code v=DKIM1; k=rsa; p=...}. */
    public String dnsRecord() {
        return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKeyBase64();
    }

    static byte[] publicKeyBytes(PublicKey key, DkimAlgorithm algorithm) {
        if (algorithm == DkimAlgorithm.RSA_SHA256) {
            return key.getEncoded();
        }
        // X.509 SubjectPublicKeyInfo of Ed25519 is a fixed 12-byte prefix then the 32-byte key (RFC 8410)
        byte[] spki = key.getEncoded();
        if (key instanceof EdECPublicKey && spki.length == 44) {
            return Arrays.copyOfRange(spki, 12, 44);
        }
        throw new IllegalStateException("not an Ed25519 public key: " + key.getAlgorithm());
    }

    @Override
    public String toString() {
        return "DKIM key " + algorithm.tag() + " " + selector + " for " + domainPattern + " (" + file + ")";
    }
}
