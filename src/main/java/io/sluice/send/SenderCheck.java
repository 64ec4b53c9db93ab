package io.sluice.send;

import java.util.Optional;

/**
 * A reason not to send a row's mail at all, known from its sender before anything is rendered: for example no
 * DKIM key for the From domain under {@code sluice.dkim.unsigned = fail} ({@code io.sluice.dkim}). The row then
 * ends Failed with that reason.
 */
@FunctionalInterface
public interface SenderCheck {

    /** Refuses nothing. */
    SenderCheck NONE = mailFrom -> Optional.empty();

    /**
     * @param mailFrom the delivery's sender as stored ({@code sMailFrom}), null or blank for the default sender
     * @return the reason the mail must not be sent, written into the broadlog row
     */
    Optional<String> refusal(String mailFrom);
}
