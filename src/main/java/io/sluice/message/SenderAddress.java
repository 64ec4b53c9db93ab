package io.sluice.message;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.Optional;

/**
 * Checks a delivery's From ({@code sMailFrom}): one address, optionally with a display name
 * ({@code News <news@example.com>}), no control characters. A bad From is the operator's error: every
 * row of the delivery fails with the reason instead of going out with a broken or injected header.
 */
public final class SenderAddress {

    private SenderAddress() {
    }

    /** @return why the From is unusable, or empty when it is fine */
    public static Optional<String> problem(String from) {
        if (from == null || from.isBlank()) {
            return Optional.empty(); // the configured default sender is used
        }
        if (from.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("control character (CR, LF ...) in the From address of the delivery");
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(from.strip(), true);
            if (parsed.length != 1) {
                return Optional.of("the From of the delivery must hold exactly one address");
            }
            if (RecipientAddress.check(parsed[0].getAddress()) instanceof AddressCheck.Invalid invalid) {
                return Optional.of("invalid From address of the delivery: " + invalid.why());
            }
            return Optional.empty();
        } catch (AddressException e) {
            return Optional.of("invalid From address of the delivery");
        }
    }
}
