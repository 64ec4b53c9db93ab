package io.sluice.bounces;

import java.util.Locale;
import java.util.Objects;

/**
 * The bounce mailbox's settings ({@code sluice.bounces.*}), validated: the camel-mail endpoint (IMAP, IMAPS, POP3 or
 * POP3S; empty = off), the IMAP folders processed and unprocessable mail is moved to, and the largest mail read.
 * {@link #toString()} never shows the URL (it may carry a user name; its password is a placeholder anyway).
 */
public final class BounceSettings {

    public static final String DEFAULT_ERROR_FOLDER = "Unprocessed";
    public static final String DEFAULT_PROCESSED_FOLDER = "Processed";
    public static final long DEFAULT_MAX_SIZE = 10L * 1024 * 1024;

    /** The mailbox protocol, from the URL's scheme. */
    public enum Protocol {
        IMAP, IMAPS, POP3, POP3S;

        /** IMAP moves mail to folders; POP3 can only delete it or leave it. */
        public boolean isImap() {
            return this == IMAP || this == IMAPS;
        }
    }

    private final String url;
    private final Protocol protocol;
    private final String errorFolder;
    private final String processedFolder;
    private final long maxSize;

    private BounceSettings(String url, Protocol protocol, String errorFolder, String processedFolder, long maxSize) {
        this.url = url;
        this.protocol = protocol;
        this.errorFolder = errorFolder;
        this.processedFolder = processedFolder;
        this.maxSize = maxSize;
    }

    /**
     * @param url a camel-mail consumer URI ({@code imaps://host?username=u&password={{sluice.bounces.password}}}),
     *            or empty for off
     */
    public static BounceSettings of(String url, String errorFolder, String processedFolder, long maxSize) {
        String u = url == null ? "" : url.strip();
        Protocol protocol = null;
        if (!u.isEmpty()) {
            int colon = u.indexOf("://");
            String scheme = colon < 0 ? "" : u.substring(0, colon).toUpperCase(Locale.ROOT);
            try {
                protocol = Protocol.valueOf(scheme);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sluice.bounces.url must be a camel-mail consumer URI starting with"
                        + " imap://, imaps://, pop3:// or pop3s://, was one starting with '" + scheme.toLowerCase(
                        Locale.ROOT) + "'");
            }
        }
        return new BounceSettings(u, protocol, folder("sluice.bounces.error-folder", errorFolder),
                folder("sluice.bounces.processed-folder", processedFolder), size(maxSize));
    }

    private static String folder(String key, String value) {
        String v = Objects.requireNonNullElse(value, "").strip();
        if (v.isEmpty() || v.length() > 200 || !v.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f && ch != '*'
                && ch != '%')) {
            throw new IllegalArgumentException(key + " must be an IMAP folder name (printable ASCII, no * or %), was '"
                    + v.replace("\r", "\\r").replace("\n", "\\n") + "'");
        }
        return v;
    }

    private static long size(long maxSize) {
        if (maxSize < 64 * 1024 || maxSize > 1024L * 1024 * 1024) {
            throw new IllegalArgumentException("sluice.bounces.max-size must be between 65536 and 1073741824 bytes, was "
                    + maxSize);
        }
        return maxSize;
    }

    public boolean enabled() {
        return protocol != null;
    }

    /** The endpoint URI as configured (its password is a {{placeholder}}); empty when off. */
    public String url() {
        return url;
    }

    /** Null when off. */
    public Protocol protocol() {
        return protocol;
    }

    public String errorFolder() {
        return errorFolder;
    }

    public String processedFolder() {
        return processedFolder;
    }

    public long maxSize() {
        return maxSize;
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "bounce mailbox off (sluice.bounces.url is empty)";
        }
        return "bounce mailbox over " + protocol + (protocol.isImap()
                ? ", processed mail moved to '" + processedFolder + "', unprocessable to '" + errorFolder + "'"
                : ", processed mail deleted, unprocessable left in the mailbox") + ", mail over " + maxSize
                + " bytes unprocessable";
    }
}
