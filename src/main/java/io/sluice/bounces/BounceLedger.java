package io.sluice.bounces;

import io.sluice.broadlog.BroadlogMessageCatalog;
import io.sluice.quarantine.AddressEvent;
import io.sluice.quarantine.AddressLedger;
import io.sluice.quarantine.SynchronousEvents;
import io.sluice.result.BroadlogMessage;
import io.sluice.result.DeliveryResult;
import io.sluice.result.FailureReason;
import io.sluice.result.FailureType;
import io.sluice.result.ResultRecorder;
import io.sluice.result.SendOutcome;
import io.sluice.result.SmtpReply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides what one inbound mail means ({@link #plan}: pure, so a mail read twice gets the same disposition without
 * writing anything again) and writes it in the caller's transaction ({@link #write}): the SluiceInboundMail rows,
 * the broadlog change (an asynchronous hard bounce turns a Sent row into Failed with its reason, as Campaign does; a
 * soft one records the error on it), NmsBroadLogMsg's occurrence count, and the addresses' quarantine events. A DSN
 * is qualified as the same reply would be synchronously ({@link ResultRecorder#qualify}) and counted against its
 * address by the same rule ({@link SynchronousEvents}: flow-control and authentication replies never count).
 */
public final class BounceLedger {

    private static final String INSERT = "INSERT INTO SluiceInboundMail (tsReceived, sKind, iBroadLogId, iDeliveryId,"
            + " sDomain, sAddress, sStatus, sText, sMessageId) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FAIL_SENT = "UPDATE NmsBroadLogRcp SET iStatus = 2, iMsgId = ?, tsLastModified = ?"
            + " WHERE iBroadLogId = ? AND iStatus = 1";
    private static final String NOTE_SENT = "UPDATE NmsBroadLogRcp SET iMsgId = ?, tsLastModified = ?"
            + " WHERE iBroadLogId = ? AND iStatus = 1";

    /** One SluiceInboundMail row and what it changes. */
    public record Entry(InboundKind kind, BroadlogRow row, String address, String status, String text,
                        BroadlogMessage message, AddressEvent event) {
    }

    /** What a mail means: its rows, and whether it goes to the error folder (else it is processed). */
    public record Plan(List<Entry> entries, boolean toErrorFolder, int ignoredRecipients) {
    }

    private final ResultRecorder results;
    private final SynchronousEvents events;
    private final BroadlogMessageCatalog catalog;
    private final AddressLedger ledger;

    public BounceLedger(ResultRecorder results, SynchronousEvents events, BroadlogMessageCatalog catalog,
                        AddressLedger ledger) {
        this.results = results;
        this.events = events;
        this.catalog = catalog;
        this.ledger = ledger;
    }

    public Plan plan(InboundMail mail, Optional<BroadlogRow> matched, Instant now) {
        BroadlogRow row = matched.orElse(null);
        return switch (mail.type()) {
            case UNPROCESSABLE -> unprocessable(null, mail.problem());
            case AUTO_REPLY -> new Plan(List.of(new Entry(InboundKind.AUTO_REPLY, row,
                    row == null ? "" : row.address(), "", "automatic reply", null, null)), false, 0);
            case FEEDBACK -> row == null ? unprocessable(null, "ARF report (feedback-type " + mail.feedbackType()
                    + ") matches no broadlog row: no valid VERP address, no Sluice Message-ID of an existing row")
                    : complaint(mail, row, now);
            case DSN -> row == null ? unprocessable(null, "DSN matches no broadlog row: no valid VERP address, no"
                    + " Sluice Message-ID of an existing row (first status: " + mail.recipients().get(0).status() + ")")
                    : dsn(mail, row, now);
        };
    }

    private static Plan unprocessable(BroadlogRow row, String why) {
        return new Plan(List.of(new Entry(InboundKind.UNPROCESSABLE, row, row == null ? "" : row.address(), "", why,
                null, null)), true, 0);
    }

    private static Plan complaint(InboundMail mail, BroadlogRow row, Instant now) {
        String type = mail.feedbackType();
        if (!type.equals("abuse") && !type.equals("fraud")) {
            return unprocessable(row, "ARF feedback-type " + type + " is not a complaint");
        }
        String address = row.address() != null ? row.address() : mail.reportedAddress();
        String text = "Complaint (ARF feedback-type " + type + ")";
        AddressEvent event = address == null || address.isBlank() ? null
                : new AddressEvent(address, AddressEvent.Kind.COMPLAINT, text, FailureReason.DENYLISTED.code(), now);
        return new Plan(List.of(new Entry(InboundKind.COMPLAINT, row, address, type, text, null, event)), false, 0);
    }

    private Plan dsn(InboundMail mail, BroadlogRow row, Instant now) {
        List<DsnRecipient> failures = mail.recipients().stream().filter(DsnRecipient::isFailure).toList();
        List<DsnRecipient> applicable = failures.stream().filter(r -> r.isFor(row.address())).limit(1).toList();
        if (applicable.isEmpty() && failures.size() == 1) {
            applicable = failures; // one failed recipient, under another name (alias, forwarding): the row's
        }
        if (applicable.isEmpty()) {
            return unprocessable(row, "DSN reports no failure for the address of broadlog row " + row.broadlogId()
                    + " (" + mail.recipients().size() + " recipients)");
        }
        List<Entry> entries = new ArrayList<>();
        for (DsnRecipient r : applicable) {
            SmtpReply reply = replyOf(r);
            SendOutcome outcome = reply.isPermanent() ? SendOutcome.HARD_FAILURE : SendOutcome.SOFT_FAILURE;
            BroadlogMessage message = results.qualify(outcome, reply);
            InboundKind kind = message.type() == FailureType.HARD ? InboundKind.HARD : InboundKind.SOFT;
            String address = row.address() != null ? row.address() : r.finalRecipient();
            AddressEvent event = events.of(new DeliveryResult(row.broadlogId(), row.deliveryId(), null, address,
                    row.domain(), outcome, reply, DeliveryResult.STATUS_FAILED, 0, now, now, message)).orElse(null);
            entries.add(new Entry(kind, row, r.finalRecipient(), reply.enhancedCode(),
                    r.diagnosticCode().isEmpty() ? reply.toString() : r.diagnosticCode(), message, event));
        }
        return new Plan(entries, false, mail.recipients().size() - applicable.size());
    }

    /** The SMTP reply a DSN recipient reports: its Status as the enhanced code, its Diagnostic-Code's text. */
    static SmtpReply replyOf(DsnRecipient r) {
        String status = !r.status().isEmpty() ? r.status() : "delayed".equals(r.action()) ? "4.0.0" : "5.0.0";
        int classCode = status.charAt(0) == '2' ? 5 : status.charAt(0) - '0'; // 2.x.x on a failure: treat as 5
        if (status.charAt(0) == '2') {
            status = "5" + status.substring(1);
        }
        Optional<SmtpReply> diagnostic = SmtpReply.parse(r.diagnosticCode());
        int code = diagnostic.map(SmtpReply::code).filter(c -> c / 100 == classCode).orElse(classCode * 100 + 50);
        String text = diagnostic.map(SmtpReply::text).orElse(r.diagnosticCode());
        return new SmtpReply(code, status, text);
    }

    /** Writes a plan in the caller's transaction. */
    public void write(Connection c, Plan plan, String messageId, Instant now) throws SQLException {
        Map<Long, Integer> occurrences = new TreeMap<>();
        List<AddressEvent> addressEvents = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Entry e : plan.entries()) {
                if (e.message() != null && e.row() != null) {
                    long msgId = catalog.idOf(e.message());
                    occurrences.merge(msgId, 1, Integer::sum);
                    if (e.message().type() == FailureType.HARD) {
                        try (PreparedStatement ps = c.prepareStatement(FAIL_SENT)) {
                            updateRow(ps, msgId, now, e.row());
                        }
                    } else {
                        try (PreparedStatement ps = c.prepareStatement(NOTE_SENT)) {
                            updateRow(ps, msgId, now, e.row());
                        }
                    }
                }
                if (e.event() != null) {
                    addressEvents.add(e.event());
                }
                insert.setObject(1, now.atOffset(ZoneOffset.UTC));
                insert.setString(2, e.kind().name());
                setLong(insert, 3, e.row() == null ? null : e.row().broadlogId());
                setLong(insert, 4, e.row() == null ? null : e.row().deliveryId());
                insert.setString(5, e.row() == null ? null : clip(e.row().domain(), 255));
                insert.setString(6, clip(e.address(), 320));
                insert.setString(7, clip(e.status(), 16));
                insert.setString(8, clip(e.text(), 2000));
                insert.setString(9, clip(messageId, 998));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        BroadlogMessageCatalog.addOccurrences(c, occurrences);
        ledger.record(c, addressEvents);
    }

    /** FAIL_SENT and NOTE_SENT take the same parameters: the message, the time, the row. */
    private static void updateRow(PreparedStatement ps, long msgId, Instant now, BroadlogRow row) throws SQLException {
        ps.setLong(1, msgId);
        ps.setObject(2, now.atOffset(ZoneOffset.UTC));
        ps.setLong(3, row.broadlogId());
        ps.executeUpdate();
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static String clip(String s, int max) {
        if (s == null || s.isEmpty()) {
            return null; // NULL, not '': the report counts what is known
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
