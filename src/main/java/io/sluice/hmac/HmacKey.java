package io.sluice.hmac;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC-SHA256 key for one purpose (e.g. {@code "unsubscribe"}, {@code "return-path"}), made from a configured
 * secret. The purpose is mixed into every MAC, so a value signed for one use never verifies for another even if an
 * operator gives both settings the same secret.
 *
 * <p>MACs are truncated to {@code macBytes} (RFC 2104 section 5 allows it; at least 80 bits, here 10-32 bytes).
 * {@link #verify} compares in constant time ({@link MessageDigest#isEqual}). {@code toString()} never shows the
 * secret. Thread-safe: each thread keeps its own {@link Mac}, since one {@code Mac} must not be shared.
 */
public final class HmacKey {

    /** Shortest secret accepted: 32 characters, e.g. {@code openssl rand -base64 32} (44). */
    public static final int MIN_SECRET_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final String purpose;
    private final int macBytes;
    private final ThreadLocal<Mac> macs;

    private HmacKey(String purpose, byte[] secret, int macBytes) {
        this.purpose = purpose;
        this.macBytes = macBytes;
        SecretKeySpec key = new SecretKeySpec(secret, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no " + ALGORITHM, e); // every Java 17 JDK has it
            }
        });
    }

    /**
     * @param setting  the property the secret comes from, named in errors (never the secret itself)
     * @param secret   the configured secret, at least {@link #MIN_SECRET_LENGTH} characters
     * @param purpose  what the MACs authenticate, mixed into each of them
     * @param macBytes length of the truncated MACs, 10-32
     */
    public static HmacKey of(String setting, String secret, String purpose, int macBytes) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(setting + " is required (a random secret of at least "
                    + MIN_SECRET_LENGTH + " characters, e.g. the output of: openssl rand -base64 32)");
        }
        if (secret.strip().length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(setting + " is too short: " + secret.strip().length()
                    + " characters, at least " + MIN_SECRET_LENGTH + " are needed (e.g. openssl rand -base64 32)");
        }
        if (macBytes < 10 || macBytes > 32) {
            throw new IllegalArgumentException("MAC length must be 10-32 bytes, was " + macBytes);
        }
        return new HmacKey(purpose, secret.strip().getBytes(StandardCharsets.UTF_8), macBytes);
    }

    /** Length of the MACs this key makes. */
    public int macBytes() {
        return macBytes;
    }

    /** The truncated MAC of {@code data} under this key and purpose. */
    public byte[] sign(byte[] data) {
        Mac mac = macs.get();
        mac.update(purpose.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 0);
        return Arrays.copyOf(mac.doFinal(data), macBytes);
    }

    /** Whether {@code mac} is the MAC of {@code data}; constant time, whatever the length of {@code mac}. */
    public boolean verify(byte[] data, byte[] mac) {
        return mac != null && MessageDigest.isEqual(sign(data), mac);
    }

    @Override
    public String toString() {
        return "HmacKey[" + purpose + ", " + macBytes + " bytes, secret hidden]";
    }
}
