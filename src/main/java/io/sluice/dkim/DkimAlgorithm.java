package io.sluice.dkim;

/** The signing algorithms Sluice writes, each with its {@code a=} tag, its DNS {@code k=} key type and its JCA name. */
public enum DkimAlgorithm {
    /** RFC 6376 with RFC 8301: SHA-256 over the signed headers, RSA (at least 1024 bits). The one receivers check. */
    RSA_SHA256("rsa-sha256", "rsa", "SHA256withRSA"),
    /** RFC 8463: Ed25519 over the SHA-256 of the signed headers. Only worth as a second signature. */
    ED25519_SHA256("ed25519-sha256", "ed25519", "Ed25519");

    private final String tag;
    private final String keyType;
    private final String jcaName;

    DkimAlgorithm(String tag, String keyType, String jcaName) {
        this.tag = tag;
        this.keyType = keyType;
        this.jcaName = jcaName;
    }

    /** The {@code a=} value of a signature. */
    public String tag() {
        return tag;
    }

    /** The {@code k=} value of the DNS TXT record. */
    public String keyType() {
        return keyType;
    }

    /** The {@link java.security.Signature} algorithm name. */
    String jcaName() {
        return jcaName;
    }
}
