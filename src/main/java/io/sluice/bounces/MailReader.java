package io.sluice.bounces;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.dsn.DeliveryStatus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one mail of the bounce mailbox (its raw bytes, already bounded by {@code sluice.bounces.max-size}) into an
 * {@link InboundMail}, offline: the DSN of RFC 3464 (Angus Mail's {@link DeliveryStatus}), the ARF feedback report
 * of RFC 5965 ({@code message/feedback-report} read as headers), an automatic reply (RFC 3834 Auto-Submitted, the
 * out-of-office marks and subjects of the common clients), or UNPROCESSABLE with the reason. Hostile input never
 * throws: only a report's top-level parts and the returned message's header block are read (a nested
 * {@code message/rfc822} is never descended into), no text part is decoded with its declared charset, and any
 * parse error makes the mail UNPROCESSABLE. No content handler (mailcap) is needed: the same in the shaded jar and
 * in the Karaf bundle.
 */
public final class MailReader {

    /** Headers of the mailbox's own copy that may hold the envelope recipient, i.e. the VERP return path. */
    private static final String[] ENVELOPE_HEADERS = {"Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To",
        "X-Original-Recipient", "To", "Cc"};
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>,;:\"()\\[\\]]{1,64}@[A-Za-z0-9.-]{1,255}");
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,996}>");
    private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    /** Subjects of automatic replies (Outlook/Exchange, Gmail, Thunderbird, common languages). */
    private static final Pattern AUTO_SUBJECT = Pattern.compile("^\\s*(auto:|autoreply\\b|auto-reply\\b)|"
            + "automatic reply|out of (the )?office|abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|"
            + "respuesta autom[áa]tica|risposta automatica|automatisch antwoord|fuera de la oficina|absence du bureau",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** Candidates kept of each list (a hostile mail may name thousands). */
    private static final int MAX_CANDIDATES = 20;

    private final Session session;

    public MailReader() {
        Properties p = new Properties();
        p.setProperty("mail.mime.address.strict", "false");
        this.session = Session.getInstance(p);
    }

    public InboundMail read(byte[] raw) {
        MimeMessage m;
        try {
            m = new MimeMessage(session, new ByteArrayInputStream(raw));
        } catch (MessagingException | RuntimeException e) {
            return InboundMail.unprocessable("", "malformed mail: " + e.getMessage());
        }
        String id = first(m, "Message-ID");
        try {
            return classify(m, id);
        } catch (MessagingException | IOException | RuntimeException e) {
            // hostile or broken MIME of any kind: people will read it in the error folder
            return InboundMail.unprocessable(id, "malformed MIME: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    private InboundMail classify(MimeMessage m, String id) throws MessagingException, IOException {
        ContentType type = contentType(m.getHeader("Content-Type", null));
        if (type != null && type.match("multipart/report")) {
            String reportType = lower(type.getParameter("report-type"));
            MimeMultipart parts = new MimeMultipart(m.getDataHandler().getDataSource());
            if (reportType.equals("delivery-status")) {
                return dsn(m, id, parts);
            }
            if (reportType.equals("feedback-report")) {
                return feedback(m, id, parts);
            }
            return InboundMail.unprocessable(id, "multipart/report of report-type '" + clip(reportType)
                    + "': neither delivery-status nor feedback-report");
        }
        if (isAutoReply(m)) {
            List<String> ids = new ArrayList<>();
            messageIds(first(m, "In-Reply-To"), ids);
            messageIds(first(m, "References"), ids);
            return new InboundMail(InboundMail.Type.AUTO_REPLY, id, List.of(), "", envelope(m), ids, "", "");
        }
        return InboundMail.unprocessable(id, "not a DSN, an ARF report or an automatic reply (Content-Type "
                + (type == null ? "missing or malformed" : type.getBaseType().toLowerCase(Locale.ROOT)) + ")");
    }

    private InboundMail dsn(MimeMessage m, String id, MimeMultipart parts) throws MessagingException, IOException {
        DeliveryStatus status = null;
        InternetHeaders returned = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            String t = baseType(part);
            if (status == null && (t.equals("message/delivery-status") || t.equals("message/global-delivery-status"))) {
                try (InputStream in = stream(part)) {
                    status = new DeliveryStatus(in);
                }
            } else if (returned == null && isReturnedMessage(t)) {
                returned = headers(part);
            }
        }
        if (status == null) {
            return InboundMail.unprocessable(id, "DSN (report-type delivery-status) without a message/delivery-status"
                    + " part");
        }
        List<DsnRecipient> recipients = new ArrayList<>(status.getRecipientDSNCount());
        for (int i = 0; i < status.getRecipientDSNCount(); i++) {
            InternetHeaders h = status.getRecipientDSN(i);
            Matcher code = STATUS.matcher(field(h, "Status"));
            recipients.add(new DsnRecipient(address(field(h, "Final-Recipient")), address(field(h, "Original-Recipient")),
                    lower(field(h, "Action")), code.lookingAt() ? code.group() : "", typed(field(h, "Diagnostic-Code"))));
        }
        if (recipients.isEmpty()) {
            return InboundMail.unprocessable(id, "DSN without a recipient field group");
        }
        List<String> addresses = envelope(m);
        List<String> ids = new ArrayList<>();
        if (returned != null) {
            addresses(field(returned, "Return-Path"), addresses);
            messageIds(field(returned, "Message-ID"), ids);
        }
        return new InboundMail(InboundMail.Type.DSN, id, recipients, "", addresses, ids, "", "");
    }

    private InboundMail feedback(MimeMessage m, String id, MimeMultipart parts) throws MessagingException, IOException {
        InternetHeaders report = null;
        InternetHeaders original = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            String t = baseType(part);
            if (report == null && t.equals("message/feedback-report")) {
                report = headers(part);
            } else if (original == null && isReturnedMessage(t)) {
                original = headers(part);
            }
        }
        if (report == null) {
            return InboundMail.unprocessable(id, "ARF report (report-type feedback-report) without a"
                    + " message/feedback-report part");
        }
        String feedbackType = lower(field(report, "Feedback-Type"));
        if (feedbackType.isEmpty()) {
            return InboundMail.unprocessable(id, "ARF report without Feedback-Type");
        }
        List<String> addresses = envelope(m);
        addresses(field(report, "Original-Mail-From"), addresses);
        List<String> ids = new ArrayList<>();
        if (original != null) {
            addresses(field(original, "Return-Path"), addresses);
            messageIds(field(original, "Message-ID"), ids);
        }
        return new InboundMail(InboundMail.Type.FEEDBACK, id, List.of(), clip(feedbackType), addresses, ids,
                address(field(report, "Original-Rcpt-To")), "");
    }

    private static boolean isReturnedMessage(String type) {
        return type.equals("message/rfc822") || type.equals("text/rfc822-headers") || type.equals("message/global")
                || type.equals("message/global-headers");
    }

    /** RFC 3834 Auto-Submitted other than "no", the headers clients mark replies with, or an out-of-office subject. */
    static boolean isAutoReply(MimeMessage m) throws MessagingException {
        String auto = lower(first(m, "Auto-Submitted"));
        if (!auto.isEmpty() && !auto.startsWith("no")) {
            return true;
        }
        if (m.getHeader("X-Autoreply") != null || m.getHeader("X-Autorespond") != null
                || lower(first(m, "Precedence")).equals("auto_reply")) {
            return true;
        }
        String subject = m.getSubject(); // decoded; an unknown charset leaves it raw
        return subject != null && AUTO_SUBJECT.matcher(clip(subject)).find();
    }

    /** The header block of a returned message (or a text/rfc822-headers part), never its body. */
    private static InternetHeaders headers(BodyPart part) throws MessagingException, IOException {
        try (InputStream in = stream(part)) {
            return new InternetHeaders(in);
        }
    }

    /** The decoded content, or the raw bytes when the transfer encoding is unknown (a part is read as it is). */
    private static InputStream stream(BodyPart part) throws MessagingException, IOException {
        try {
            return part.getInputStream();
        } catch (MessagingException e) {
            return ((MimeBodyPart) part).getRawInputStream();
        }
    }

    private static String baseType(BodyPart part) throws MessagingException {
        ContentType t = contentType(part.getContentType());
        return t == null ? "" : t.getBaseType().toLowerCase(Locale.ROOT);
    }

    private static ContentType contentType(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new ContentType(value);
        } catch (Exception e) {
            return null;
        }
    }

    private static List<String> envelope(MimeMessage m) throws MessagingException {
        List<String> out = new ArrayList<>();
        for (String name : ENVELOPE_HEADERS) {
            String[] values = m.getHeader(name);
            if (values != null) {
                for (String v : values) {
                    addresses(v, out);
                }
            }
        }
        return out;
    }

    private static void addresses(String value, List<String> out) {
        Matcher a = ADDRESS.matcher(value == null ? "" : clip(value));
        while (a.find() && out.size() < MAX_CANDIDATES) {
            out.add(a.group());
        }
    }

    private static void messageIds(String value, List<String> out) {
        Matcher a = MESSAGE_ID.matcher(value == null ? "" : value.length() > 20_000 ? value.substring(0, 20_000) : value);
        while (a.find() && out.size() < MAX_CANDIDATES) {
            out.add(a.group());
        }
    }

    /** An address field's address: {@code rfc822; a@b} gives {@code a@b}; angle brackets removed. */
    private static String address(String field) {
        String v = typed(field);
        if (v.startsWith("<") && v.endsWith(">")) {
            v = v.substring(1, v.length() - 1).strip();
        }
        return v.length() > 320 ? v.substring(0, 320) : v;
    }

    /** The value after {@code type;} (address and diagnostic types of RFC 3464). */
    private static String typed(String field) {
        int semi = field.indexOf(';');
        return (semi >= 0 ? field.substring(semi + 1) : field).strip();
    }

    private static String field(InternetHeaders h, String name) {
        String v = h.getHeader(name, null);
        return v == null ? "" : clip(MimeUtility.unfold(v)).strip();
    }

    private static String first(MimeMessage m, String name) {
        try {
            String v = m.getHeader(name, null);
            return v == null ? "" : clip(MimeUtility.unfold(v)).strip();
        } catch (MessagingException e) {
            return "";
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }

    /** At most 2,000 characters of a header value: enough for any genuine field, bounded for a hostile one. */
    private static String clip(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }
}
