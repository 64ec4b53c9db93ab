package io.sluice.bench;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.sluice.bounces.ReturnPath;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Properties;

/**
 * bench/bounces: N Postfix-shaped DSNs 5.1.1 (each for its own Sent row, matched by VERP) fed into a GreenMail IMAP
 * mailbox on loopback as it is drained (at most two polls' worth unread), read by the real bounce-mailbox route against PostgreSQL. Prints mails/s while it runs and at
 * the end, and the CPU of the route's consumer thread (camel-mail's IMAP client, parsing, JDBC) per mail, so the
 * share of the wall time spent waiting (IMAP round trips to GreenMail, the database) shows. GreenMail runs in this
 * JVM: its CPU is not counted in the consumer thread's.
 */
public final class BounceMailboxRun {

    private static final String SECRET = "bench-verp-secret-0123456789abcdef";

    private BounceMailboxRun() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int perPoll = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        boolean stock = args.length > 2 && args[2].equals("stock");
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort();
        GreenMail mail = stock ? new GreenMail(setup) : new NoDelayGreenMail(setup);
        mail.start();
        GreenMailUser user = mail.setUser("bounces@bounce.bench.test", "bounces", "bench");
        ReturnPath verp = ReturnPath.of("bounce.bench.test", SECRET).orElseThrow();
        Session session = Session.getInstance(new Properties());
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().create();
            long first;
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO NmsBroadLogRcp (iDeliveryId, iStatus, sAddress, sDomain, tsNextTry) SELECT "
                        + delivery + ", 1, 'u' || g || '@bench.test', 'bench.test', CURRENT_TIMESTAMP"
                        + " FROM generate_series(1, " + n + ") g");
                first = campaign.count("SELECT MIN(iBroadLogId) FROM NmsBroadLogRcp WHERE iDeliveryId = " + delivery);
            }
            // the mailbox is fed as the route drains it, at most 2 polls' worth at a time: GreenMail's IMAP server
            // spends time linear in the folder's size on every command (FetchCommand -> getMsn), so a mailbox of
            // 100,000 unread mails would measure GreenMail, not Sluice; a bounce mailbox read every minute holds few
            long firstRow = first;
            Thread feeder = new Thread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        while (inbox(mail, user) >= 2L * perPoll) {
                            Thread.sleep(5);
                        }
                        long row = firstRow + i;
                        user.deliver(new MimeMessage(session, new ByteArrayInputStream(dsn(row, verp.addressFor(row),
                                delivery).getBytes(StandardCharsets.US_ASCII))));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-feeder");
            feeder.setDaemon(true);
            feeder.start();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .property("sluice.bounces.url", "imap://127.0.0.1:" + (stock ? mail.getImap().getPort()
                            : ((NoDelayGreenMail) mail).imapPort())
                            + "?username=bounces&password={{sluice.bounces.password}}")
                    .property("sluice.bounces.password", "bench")
                    .property("sluice.bounces.poll-delay", "100")
                    .property("sluice.bounces.max-messages-per-poll", String.valueOf(perPoll))
                    .property("sluice.bounces.return-path-domain", "bounce.bench.test")
                    .property("sluice.bounces.return-path-secret", SECRET)
                    .start()) {
                com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                long done = 0;
                long lastDone = 0;
                long lastAt = start;
                while (done < n && System.nanoTime() - start < 1_500_000_000_000L) {
                    Thread.sleep(5_000);
                    done = processed(mail, user);
                    long now = System.nanoTime();
                    System.out.printf("t=%5.0f s processed=%7d  %.0f mails/s%n", (now - start) / 1e9, done,
                            (done - lastDone) / ((now - lastAt) / 1e9));
                    lastDone = done;
                    lastAt = now;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpu = consumerCpuSeconds(threads);
                double processCpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
                long failed = campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 2 AND iDeliveryId = "
                        + delivery);
                System.out.printf("RESULT %s GreenMail, n=%d per-poll=%d: %.1f s, %.0f mails/s (sampled every 5 s, so the end is"
                                + " rounded up); rows Failed: %d; consumer thread CPU %.2f s = %.2f ms per mail (%.0f %%"
                                + " of the wall time); whole JVM (Sluice, GreenMail, broker) %.2f ms per mail; cores: %d%n", stock ? "stock" : "TCP_NODELAY", n, perPoll, seconds, done / seconds, failed, cpu,
                        cpu * 1000 / Math.max(1, done), 100 * cpu / seconds, processCpu * 1000 / Math.max(1, done),
                        Runtime.getRuntime().availableProcessors());
            }
        } finally {
            mail.stop();
        }
    }

    private static long inbox(GreenMail mail, GreenMailUser user) throws Exception {
        return mail.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }

    private static long processed(GreenMail mail, GreenMailUser user) {
        MailFolder f = mail.getManagers().getImapHostManager().getFolder(user, "Processed");
        return f == null ? 0 : f.getMessageCount();
    }

    /** CPU of the bounce route's consumer thread ("... imap://..."), the one that reads, parses and writes. */
    private static double consumerCpuSeconds(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains("imap://")) {
                total += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total / 1e9;
    }

    private static String dsn(long row, String verp, long delivery) {
        String rcpt = "u" + row + "@bench.test";
        return "Return-Path: <>\nDelivered-To: " + verp + "\nFrom: MAILER-DAEMON@mail.bench.test\nTo: " + verp
                + "\nSubject: Undelivered Mail Returned to Sender\nMessage-Id: <bench." + row + "@mail.bench.test>\n"
                + "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n"
                + "--B\nContent-Type: text/plain\n\nThis is the mail system at host mail.bench.test.\n\n--B\n"
                + "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mail.bench.test\n\n"
                + "Final-Recipient: rfc822; " + rcpt + "\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1"
                + " <" + rcpt + ">: Recipient address rejected: User unknown\n\n--B\nContent-Type: text/rfc822-headers\n\n"
                + "Return-Path: <" + verp + ">\nMessage-ID: <sluice." + row + "." + delivery + ".x@example.com>\nTo: "
                + rcpt + "\nSubject: news\n\n--B--\n";
    }
}
