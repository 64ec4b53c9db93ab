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
        if (messageId == null) {
            return -1;
        }
        String s = messageId.strip();
        if (s.startsWith("<")) {
            s = s.substring(1);
        }
        if (!s.startsWith("sluice.")) {
            return -1;
        }
        String[] parts = s.substring("sluice.".length()).split("\\.", 3);
        try {
            return parts.length == 3 ? Long.parseLong(parts[0]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
