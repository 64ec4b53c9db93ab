package io.sluice.bounces;

import io.sluice.hmac.HmacKey;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The VERP envelope sender ({@code MAIL FROM}) of a message: {@code b-<broadlogId>-<mac>@<domain>}, the MAC being
 * 10 bytes of HMAC-SHA256 in lower-case hex (receivers may change the case of a local part: hex survives it).
 * {@link #verify} reads a bounce's recipient address back to its broadlog id, and rejects any address whose id or
 * MAC was changed. Settings: {@code sluice.bounces.return-path-domain} and {@code sluice.bounces.return-path-secret}.
 */
public final class ReturnPath {

    private static final int MAC_BYTES = 10;
    private static final HexFormat HEX = HexFormat.of();

    private final String domain;
    private final HmacKey key;

    private ReturnPath(String domain, HmacKey key) {
        this.domain = domain;
        this.key = key;
    }

    /** Empty when {@code domain} is blank (MAIL FROM stays the From address); else the secret is required. */
    public static Optional<ReturnPath> of(String domain, String secret) {
        String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        if (d.isEmpty()) {
            return Optional.empty();
        }
        if (!d.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+") || d.length() > 200) {
            throw new IllegalArgumentException("sluice.bounces.return-path-domain must be a domain name such as "
                    + "bounce.example.com (ASCII letters, digits, dots, dashes), was '" + domain.strip()
                    .replace("\r", "\\r").replace("\n", "\\n") + "'");
        }
        return Optional.of(new ReturnPath(d, HmacKey.of("sluice.bounces.return-path-secret", secret, "return-path",
                MAC_BYTES)));
    }

    public String addressFor(long broadlogId) {
        return "b-" + broadlogId + "-" + HEX.formatHex(key.sign(id(broadlogId))) + "@" + domain;
    }

    /** The broadlog id of a genuine return-path address; empty for anything else (other domain, changed id/MAC). */
    public Optional<Long> verify(String address) {
        if (address == null || address.length() > 300) {
            return Optional.empty();
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        if (at < 0 || !a.substring(at + 1).equals(domain) || !a.startsWith("b-")) {
            return Optional.empty();
        }
        String local = a.substring(2, at);
        int dash = local.indexOf('-');
        if (dash <= 0 || local.length() - dash - 1 != MAC_BYTES * 2) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(local.substring(0, dash));
            // the canonical spelling only: no leading zeros or plus sign naming the same id
            if (id < 0 || !Long.toString(id).equals(local.substring(0, dash))) {
                return Optional.empty();
            }
            byte[] mac = HEX.parseHex(local.substring(dash + 1));
            return key.verify(id(id), mac) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] id(long broadlogId) {
        return ByteBuffer.allocate(Long.BYTES).putLong(broadlogId).array();
    }

    @Override
    public String toString() {
        return "VERP return path b-<broadlogId>-<mac>@" + domain;
    }
}
