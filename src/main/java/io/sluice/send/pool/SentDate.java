package io.sluice.send.pool;

import jakarta.mail.internet.MailDateFormat;
import java.util.Date;

/**
 * The RFC 5322 Date header of messages sent now, formatted once per second.
 * <p>
 * {@code MimeMessage.setSentDate} formats with one {@code MailDateFormat} shared by the whole JVM, under a lock;
 * with 8 sender threads that was ~1.5 % of the CPU of {@code bench/throughput} plus contention
 * (docs/benchmarks.md, "Profiled run (stop 3)"). The header has a resolution of one second, so the text of the
 * current second is the same for every message sent in it: same format ({@link MailDateFormat}, default time
 * zone) as {@code setSentDate}.
 */
final class SentDate {

    private record Formatted(long second, String text) {
    }

    private static volatile Formatted current = new Formatted(Long.MIN_VALUE, "");

    private SentDate() {
    }

    static String now() {
        long millis = System.currentTimeMillis();
        long second = Math.floorDiv(millis, 1000);
        Formatted f = current;
        if (f.second != second) {
            // a fresh formatter per second: MailDateFormat is a SimpleDateFormat, not thread-safe
            f = new Formatted(second, new MailDateFormat().format(new Date(second * 1000)));
            current = f;
        }
        return f.text;
    }
}
