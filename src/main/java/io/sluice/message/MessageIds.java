package io.sluice.message;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Message-IDs that encode the broadlog id, so a bounce or reply quoting the Message-ID leads back to the
 * broadlog row: {@code <sluice.BROADLOGID.DELIVERYID.NONCE@domain>}. The nonce keeps retries distinct.
 */
public final class MessageIds {

    private MessageIds() {
    }

    public static String create(long broadlogId, long deliveryId, String domain) {
        String nonce = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        return "<sluice." + broadlogId + "." + deliveryId + "." + nonce + "@" + domain + ">";
    }

    /** @return the broadlog id a Sluice Message-ID encodes, or -1 when it is not one of ours */
    public static long broadlogIdOf(String messageId) {
        return part(messageId, 0);
    }

    /** @return the delivery id a Sluice Message-ID encodes, or -1 when it is not one of ours */
    public static long deliveryIdOf(String messageId) {
        return part(messageId, 1);
    }

    /** Part {@code index} (0 broadlog id, 1 delivery id) of {@code <sluice.B.D.NONCE@domain>}; -1 if not that shape. */
    private static long part(String messageId, int index) {
        if (messageId == null || messageId.length() > 998) {
            return -1;
        }
        String s = messageId.strip();
        if (s.startsWith("<")) {
            s = s.substring(1);
        }
        if (!s.startsWith("sluice.") || s.indexOf('@') < 0) {
            return -1;
        }
        String[] parts = s.substring("sluice.".length(), s.indexOf('@')).split("\\.", 3);
        try {
            long id = parts.length == 3 && !parts[2].isEmpty() ? Long.parseLong(parts[index]) : -1;
            // the canonical spelling only ("007" or "+7" is not an id Sluice wrote)
            return id >= 0 && Long.toString(id).equals(parts[index]) ? id : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
