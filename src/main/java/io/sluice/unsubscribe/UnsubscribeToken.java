package io.sluice.unsubscribe;

import io.sluice.hmac.HmacKey;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The token of an unsubscribe URL: the recipient id and the delivery id (8 bytes each) followed by their
 * HMAC-SHA256 (16 bytes), base64url without padding: always {@link #LENGTH} characters. Without the secret nobody
 * can make a valid token for another recipient (no guessing, no enumeration); a changed character fails the MAC.
 */
public final class UnsubscribeToken {

    /** Characters of every token (32 bytes in base64url without padding). */
    public static final int LENGTH = 43;
    private static final int IDS = 16;
    private static final int MAC = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Who unsubscribes, and from which delivery's message. */
    public record Target(long recipientId, long deliveryId) {
    }

    private final HmacKey key;

    UnsubscribeToken(HmacKey key) {
        if (key.macBytes() != MAC) {
            throw new IllegalArgumentException("unsubscribe tokens carry a " + MAC + "-byte MAC, the key makes " + key.macBytes());
        }
        this.key = key;
    }

    public String create(long recipientId, long deliveryId) {
        byte[] ids = ByteBuffer.allocate(IDS).putLong(recipientId).putLong(deliveryId).array();
        byte[] token = Arrays.copyOf(ids, IDS + MAC);
        System.arraycopy(key.sign(ids), 0, token, IDS, MAC);
        return ENCODER.encodeToString(token);
    }

    /** The target of a genuine token; empty for anything else (wrong length, not base64url, MAC mismatch). */
    public Optional<Target> verify(String token) {
        // the length first: a 10,000-character path is refused before anything is decoded
        if (token == null || token.length() != LENGTH) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        byte[] ids = Arrays.copyOf(raw, IDS);
        if (!key.verify(ids, Arrays.copyOfRange(raw, IDS, IDS + MAC))) {
            return Optional.empty();
        }
        // base64url has unused low bits in its last character: only the canonical spelling of a token is accepted
        if (!ENCODER.encodeToString(raw).equals(token)) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(ids);
        return Optional.of(new Target(b.getLong(), b.getLong()));
    }
}
