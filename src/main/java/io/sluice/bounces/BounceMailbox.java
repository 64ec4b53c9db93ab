package io.sluice.bounces;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bean of routes/bounces.camel.yaml. {@link #key} reads one mail (camel-mail with {@code mapMailMessage=false}:
 * the body is the {@link Message}) once, bounded by {@code sluice.bounces.max-size}, and gives the idempotent
 * consumer its key. {@link #handle}, inside the route's transaction: reads it ({@link MailReader}), matches it
 * ({@link BounceMatcher}), writes what it means ({@link BounceLedger}) unless it was committed before (a duplicate),
 * and tells camel-mail where the mail goes once the exchange completes, i.e. after the commit: IMAP, moved to the
 * processed or the error folder (header {@code moveTo}); POP3, deleted, or left in the mailbox when unprocessable
 * (header {@code delete}).
 */
public final class BounceMailbox {

    /** Header the idempotent consumer reads: the mail's Message-ID, or a hash (camel-sql keeps 100 characters). */
    public static final String KEY = "SluiceBounceKey";
    /** camel-mail's per-message overrides (MailConstants.MAIL_MOVE_TO, MAIL_DELETE). */
    static final String MOVE_TO = "moveTo";
    static final String DELETE = "delete";
    private static final String RAW = "SluiceBounceRaw";
    private static final String SIZE = "SluiceBounceSize";
    private static final int MAX_KEY = 100;

    private final DataSource dataSource;
    private final BounceSettings settings;
    private final MailReader reader;
    private final BounceMatcher matcher;
    private final BounceLedger ledger;
    private final BounceStats stats;
    private final Clock clock;

    public BounceMailbox(DataSource dataSource, BounceSettings settings, MailReader reader, BounceMatcher matcher,
                         BounceLedger ledger, BounceStats stats, Clock clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.reader = reader;
        this.matcher = matcher;
        this.ledger = ledger;
        this.stats = stats;
        this.clock = clock;
    }

    /** Reads the mail's bytes (kept on the exchange for {@link #handle}) and returns its idempotency key. */
    public String key(Exchange exchange) throws MessagingException {
        Message mail = exchange.getIn().getBody(Message.class);
        if (mail == null) {
            throw new IllegalStateException("the bounce-mailbox route needs camel-mail's mapMailMessage=false");
        }
        String messageId = header(mail, "Message-ID");
        long size = mail.getSize();
        byte[] raw = null;
        if (size <= settings.maxSize()) {
            try {
                ByteArrayOutputStream out = new Bounded(settings.maxSize());
                mail.writeTo(out);
                raw = out.toByteArray();
            } catch (TooLarge e) {
                size = settings.maxSize() + 1;
            } catch (IOException | MessagingException e) {
                if (!(e.getCause() instanceof TooLarge)) {
                    throw new MessagingException("cannot read the mail: " + e.getMessage(), e);
                }
                size = settings.maxSize() + 1;
            }
        }
        exchange.setProperty(RAW, raw);
        exchange.setProperty(SIZE, size);
        if (!messageId.isEmpty() && messageId.length() <= MAX_KEY && messageId.chars().allMatch(c -> c > 0x20
                && c < 0x7f)) {
            return messageId;
        }
        if (raw != null) {
            return "sha256:" + sha256(raw);
        }
        // oversized without a usable Message-ID: its header block names it
        StringBuilder headers = new StringBuilder();
        mail.getAllHeaders().asIterator().forEachRemaining(h -> headers.append(h.getName()).append(": ")
                .append(h.getValue()).append('\n'));
        return "sha256:" + sha256((size + "\n" + headers).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads, matches and records the mail in the route's transaction; sets where camel-mail puts it afterwards. */
    public void handle(Exchange exchange) throws Exception {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the bounce-mailbox route must be transacted (bounceTransaction): its"
                    + " writes and the idempotent key commit together");
        }
        boolean duplicate = exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class);
        AtomicReference<BounceLedger.Plan> done = new AtomicReference<>();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange completed) {
                stats.committed(done.get(), duplicate);
            }

            @Override
            public void onFailure(Exchange failed) {
                stats.failed(failed.getException());
            }
        });
        Message mail = exchange.getIn().getBody(Message.class);
        byte[] raw = exchange.getProperty(RAW, byte[].class);
        exchange.removeProperty(RAW);
        InboundMail read = raw != null ? reader.read(raw) : InboundMail.unprocessable(header(mail, "Message-ID"),
                "oversized: " + exchange.getProperty(SIZE, Long.class) + " bytes, more than sluice.bounces.max-size ("
                        + settings.maxSize() + ")");
        Instant now = clock.instant();
        Connection c = DataSourceUtils.getConnection(dataSource);
        BounceLedger.Plan plan;
        try {
            Optional<BroadlogRow> row = read.type() == InboundMail.Type.UNPROCESSABLE ? Optional.empty()
                    : matcher.match(c, read);
            plan = ledger.plan(read, row, now);
            if (!duplicate) {
                ledger.write(c, plan, read.messageId(), now);
            }
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
        if (settings.protocol() != null && settings.protocol().isImap()) {
            exchange.getIn().setHeader(MOVE_TO, plan.toErrorFolder() ? settings.errorFolder()
                    : settings.processedFolder());
            exchange.getIn().setHeader(DELETE, false);
        } else {
            exchange.getIn().setHeader(DELETE, !plan.toErrorFolder());
        }
        done.set(plan);
    }

    private static String header(Message mail, String name) {
        try {
            String[] values = mail.getHeader(name);
            return values == null || values.length == 0 || values[0] == null ? "" : values[0].strip();
        } catch (MessagingException e) {
            return "";
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A buffer that refuses to grow past the size limit (a server may under-report a mail's size). */
    private static final class Bounded extends ByteArrayOutputStream {
        private final long limit;

        Bounded(long limit) {
            super(64 * 1024);
            this.limit = limit;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (count + (long) len > limit) {
                throw new TooLarge();
            }
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            if (count + 1L > limit) {
                throw new TooLarge();
            }
            super.write(b);
        }
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }
}
