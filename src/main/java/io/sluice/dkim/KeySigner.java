package io.sluice.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs with one {@link DkimKey}: the fixed tags are written once, and each sending thread keeps its own
 * {@link Signature} initialised with the key (a {@code Signature} is not thread-safe; after {@code sign()} it is
 * ready for the next message), so a message costs the signature itself and no key handling.
 */
final class KeySigner {

    /** b= is folded into lines of this many characters (RFC 6376 3.5: FWS may be inserted anywhere in it). */
    private static final int B_LINE = 72;

    private final DkimKey key;
    /** {@code v=1; a=...; c=relaxed/relaxed; d=...; s=...;} and the fold before h=. */
    private final String fixedTags;
    private final ThreadLocal<Signature> signature;

    KeySigner(DkimKey key) {
        this.key = key;
        this.fixedTags = "v=1; a=" + key.algorithm().tag() + "; c=relaxed/relaxed; d=" + key.signingDomain() + "; s="
                + key.selector() + ";\r\n\t";
        this.signature = ThreadLocal.withInitial(this::newSignature);
        newSignature(); // fails at start, not at the first message, if the JDK cannot sign with this key
    }

    DkimKey key() {
        return key;
    }

    /**
     * The value of the DKIM-Signature header (folded, without the name).
     *
     * @param signedNames    the {@code h=} value
     * @param signedHeaders  the relaxed form of the signed header lines, in {@code h=} order, each with its CRLF
     * @param bodyHashBase64 the {@code bh=} value
     */
    String sign(String signedNames, CharSequence signedHeaders, String bodyHashBase64) throws GeneralSecurityException {
        String unsigned = fixedTags + "h=" + signedNames + ";\r\n\tbh=" + bodyHashBase64 + ";\r\n\tb=";
        StringBuilder data = new StringBuilder(signedHeaders.length() + unsigned.length() + 20).append(signedHeaders);
        RelaxedCanonicalizer.header("DKIM-Signature: " + unsigned, data, false);
        byte[] bytes = data.toString().getBytes(StandardCharsets.ISO_8859_1);
        Signature s = signature.get();
        s.update(key.algorithm() == DkimAlgorithm.ED25519_SHA256 ? RelaxedCanonicalizer.sha256(bytes) : bytes);
        String b = Base64.getEncoder().encodeToString(s.sign());
        StringBuilder header = new StringBuilder(unsigned.length() + b.length() + b.length() / B_LINE * 3).append(unsigned);
        for (int i = 0; i < b.length(); i += B_LINE) {
            if (i > 0) {
                header.append("\r\n\t ");
            }
            header.append(b, i, Math.min(b.length(), i + B_LINE));
        }
        return header.toString();
    }

    private Signature newSignature() {
        try {
            Signature s = Signature.getInstance(key.algorithm().jcaName());
            s.initSign(key.privateKey());
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(key + ": the JDK cannot sign with it (" + e.getMessage() + ")", e);
        }
    }
}
