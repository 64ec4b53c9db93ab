package io.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Postfix smtpd's view of one domain, from its {@code maillog_file} (bench/postfix-convergence): a recipient
 * accepted is a delivery with {@code status=sent} to that domain (the bench's Postfix discards it), a deferral is
 * smtpd's "Message delivery request rate limit exceeded" (anvil's {@code smtpd_client_message_rate_limit}, answered
 * {@code 450 4.7.1 Error: too much mail from ...} to MAIL FROM). The bench sends to one domain only, so every rate
 * limit line is that domain's.
 */
final class PostfixLogCounts implements ReceiverCounts {

    static final String RATE_LIMITED = "Message delivery request rate limit exceeded";

    private final Path log;
    private final String recipientSuffix;

    PostfixLogCounts(Path log, String domain) {
        this.log = log;
        this.recipientSuffix = "@" + domain + ">";
    }

    @Override
    public long accepted() {
        return lines().stream().filter(l -> l.contains(recipientSuffix) && l.contains("status=sent")).count();
    }

    @Override
    public long deferred() {
        return lines().stream().filter(l -> l.contains(RATE_LIMITED)).count();
    }

    private List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Postfix's log " + log, e);
        }
    }
}
