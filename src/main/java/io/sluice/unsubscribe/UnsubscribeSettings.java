package io.sluice.unsubscribe;

import io.sluice.hmac.HmacKey;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The validated {@code sluice.unsubscribe.*} settings. {@link #OFF} when no base URL is set: no headers, no
 * listener. Every error names the setting and says what is wrong; the secret is never part of a message or of
 * {@link #toString()}.
 *
 * @param baseUrl    the public URL the token is appended to ({@code https://u.example.com/unsubscribe}), no
 *                   trailing slash; null = off
 * @param listenPath the path the listener serves: the base URL's ({@code /unsubscribe}), or {@code /}
 * @param host       the address the listener binds
 * @param port       its port
 * @param mailto     an address for {@code <mailto:...>} beside the URL, or empty
 * @param plainHttp  the base URL is http, not https (accepted with a WARN)
 * @param key        signs the tokens; null when off
 */
public record UnsubscribeSettings(String baseUrl, String listenPath, String host, int port, String mailto,
                                  boolean plainHttp, HmacKey key) {

    public static final UnsubscribeSettings OFF = new UnsubscribeSettings(null, "/", "127.0.0.1", 0, "", false, null);
    /** Longer URLs make header lines receivers penalise; the token adds 44 characters. */
    static final int MAX_URL_LENGTH = 512;
    static final String BASE_URL = "sluice.unsubscribe.base-url";
    static final String SECRET = "sluice.unsubscribe.secret";
    static final String MAILTO = "sluice.unsubscribe.mailto";

    public static UnsubscribeSettings of(String baseUrl, String secret, String host, int port, String mailto) {
        String base = baseUrl == null ? "" : baseUrl.strip();
        String mail = mailto == null ? "" : mailto.strip();
        if (base.isEmpty()) {
            if (!mail.isEmpty()) {
                throw new IllegalArgumentException(MAILTO + " is set but " + BASE_URL
                        + " is not: the mailto link is only added beside the one-click URL (RFC 8058)");
            }
            return OFF;
        }
        URI uri = checkedUrl(base);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("sluice.unsubscribe.port must be 1-65535, was " + port);
        }
        if (host == null || host.isBlank() || !printableAscii(host.strip())) {
            throw new IllegalArgumentException("sluice.unsubscribe.host must be a host name or address, was '" + host + "'");
        }
        checkMailto(mail);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String normalised = uri.getScheme().toLowerCase() + "://" + uri.getRawAuthority() + path;
        HmacKey key = HmacKey.of(SECRET, secret, "unsubscribe", 16);
        return new UnsubscribeSettings(normalised, path.isEmpty() ? "/" : path, host.strip(), port, mail,
                uri.getScheme().equalsIgnoreCase("http"), key);
    }

    public boolean enabled() {
        return baseUrl != null;
    }

    private static URI checkedUrl(String base) {
        String problem = "must be one absolute https URL of printable ASCII without spaces, CR or LF, query or fragment"
                + " (e.g. https://u.example.com/unsubscribe)";
        if (!printableAscii(base) || base.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException(BASE_URL + " " + problem + ", at most " + MAX_URL_LENGTH
                    + " characters; was '" + visible(base) + "'");
        }
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(BASE_URL + " " + problem + "; was '" + base + "' (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
                || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(BASE_URL + " " + problem + "; was '" + base + "'");
        }
        return uri;
    }

    private static void checkMailto(String mail) {
        if (mail.isEmpty()) {
            return;
        }
        int at = mail.indexOf('@');
        boolean ok = at > 0 && at == mail.lastIndexOf('@') && at < mail.length() - 1 && mail.length() <= 254;
        for (int i = 0; ok && i < mail.length(); i++) {
            char c = mail.charAt(i);
            ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "@.-_+".indexOf(c) >= 0;
        }
        if (!ok) {
            throw new IllegalArgumentException(MAILTO + " must be a plain address such as unsubscribe@example.com"
                    + " (letters, digits, . - _ +), was '" + visible(mail) + "'");
        }
    }

    private static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The value with CR, LF and other controls shown as escapes, so the error line itself stays one line. */
    private static String visible(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c == '\r' ? "\\r" : c == '\n' ? "\\n" : c < ' ' || c == 0x7f ? "\\x" + Integer.toHexString(c) : String.valueOf(c));
        }
        return s.length() > 200 ? sb + "..." : sb.toString();
    }

    @Override
    public String toString() {
        return enabled() ? "one-click unsubscribe at " + baseUrl + "/TOKEN, listening on " + host + ":" + port + listenPath
                + (mailto.isEmpty() ? "" : ", mailto " + mailto) : "no one-click unsubscribe";
    }
}
