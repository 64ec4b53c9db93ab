package io.sluice.bounces;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The test mails of src/test/resources/bounces with their placeholders filled in (bytes kept as they are). */
final class Corpus {

    static final String[] DSNS = {"dsn-postfix.eml", "dsn-exim.eml", "dsn-sendmail.eml", "dsn-microsoft.eml",
        "dsn-gmail.eml", "dsn-yahoo.eml", "dsn-amazon-ses.eml"};
    static final String[] ARFS = {"arf-yahoo.eml", "arf-microsoft.eml", "arf-rfc5965.eml"};
    static final String[] AUTO_REPLIES = {"auto-gmail-vacation.eml", "auto-outlook-oof.eml"};

    private Corpus() {
    }

    /**
     * @param rcpt  the recipient the bounce is about
     * @param verp  the envelope recipient of the bounce (VERP or any address)
     * @param msgId the returned message's Message-ID (with angle brackets)
     * @param id    a token making the bounce's own Message-ID unique
     */
    static byte[] mail(String name, String rcpt, String verp, String msgId, String id) {
        try (InputStream in = Corpus.class.getResourceAsStream("/bounces/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test mail " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            text = text.replace("{{RCPT}}", rcpt).replace("{{VERP}}", verp).replace("{{MSGID}}", msgId)
                    .replace("{{ID}}", id);
            return text.getBytes(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MimeMessage message(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    /** A DSN with {@code count} failed recipients, {@code rcpt} the last of them. */
    static byte[] manyRecipients(int count, String rcpt, String verp, String msgId, String id) {
        StringBuilder s = new StringBuilder("From: MAILER-DAEMON@many.example\nTo: " + verp + "\nMessage-ID: <" + id
                + ".many@many.example>\nMIME-Version: 1.0\nContent-Type: multipart/report;"
                + " report-type=delivery-status; boundary=\"MANY\"\n\n--MANY\nContent-Type: text/plain\n\nFailed.\n\n"
                + "--MANY\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; many.example\n");
        for (int i = 1; i < count; i++) {
            s.append("\nFinal-Recipient: rfc822; other").append(i).append("@many.example\nAction: failed\n")
                    .append("Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n");
        }
        s.append("\nFinal-Recipient: rfc822; ").append(rcpt).append("\nAction: failed\nStatus: 5.1.1\n")
                .append("Diagnostic-Code: smtp; 550 5.1.1 <").append(rcpt).append(">: user unknown\n\n")
                .append("--MANY\nContent-Type: text/rfc822-headers\n\nMessage-ID: ").append(msgId).append("\n\n--MANY--\n");
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A DSN whose returned message nests {@code depth} message/rfc822 parts. */
    static byte[] nested(int depth, String rcpt, String verp, String msgId, String id) {
        StringBuilder inner = new StringBuilder("Subject: innermost\n\nbody\n");
        for (int i = 0; i < depth; i++) {
            inner = new StringBuilder("Message-ID: <nested" + i + "@nested.example>\nMIME-Version: 1.0\n"
                    + "Content-Type: multipart/mixed; boundary=\"N" + i + "\"\n\n--N" + i
                    + "\nContent-Type: message/rfc822\n\n" + inner + "\n--N" + i + "--\n");
        }
        String s = "From: MAILER-DAEMON@nested.example\nTo: " + verp + "\nMessage-ID: <" + id + ".nested@nested.example>\n"
                + "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"TOP\"\n\n"
                + "--TOP\nContent-Type: text/plain\n\nFailed.\n\n--TOP\nContent-Type: message/delivery-status\n\n"
                + "Reporting-MTA: dns; nested.example\n\nFinal-Recipient: rfc822; " + rcpt + "\nAction: failed\n"
                + "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n\n--TOP\nContent-Type: message/rfc822\n\n"
                + "Message-ID: " + msgId + "\nTo: " + rcpt + "\nMIME-Version: 1.0\nContent-Type: multipart/mixed;"
                + " boundary=\"OUT\"\n\n--OUT\nContent-Type: message/rfc822\n\n" + inner + "\n--OUT--\n\n--TOP--\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A plain mail of about {@code bytes} bytes (base64 attachment). */
    static byte[] huge(int bytes, String verp, String id) {
        StringBuilder s = new StringBuilder("From: someone@huge.example\nTo: " + verp + "\nMessage-ID: <" + id
                + ".huge@huge.example>\nSubject: a big attachment\nMIME-Version: 1.0\n"
                + "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n");
        String line = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n";
        while (s.length() < bytes) {
            s.append(line);
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
