package io.sluice.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each shape of the corpus read offline: type, per-recipient fields, and what can match it to a row. */
class MailReaderTest {

    private static final String RCPT = "ann.lee@example.net";
    private static final String VERP = "b-42-0123456789abcdef0123@bounce.example.test";
    private static final String MSGID = "<sluice.42.7.abc123@example.com>";

    private final MailReader reader = new MailReader();

    private InboundMail read(String name) {
        return reader.read(Corpus.mail(name, RCPT, VERP, MSGID, "t1"));
    }

    @Test
    void shouldReadEveryDsnShapeOfTheCorpus() {
        for (String name : Corpus.DSNS) {
            InboundMail mail = read(name);
            assertThat(mail.type()).as(name + ": " + mail.problem()).isEqualTo(InboundMail.Type.DSN);
            assertThat(mail.recipients()).as(name).hasSize(1);
            DsnRecipient r = mail.recipients().get(0);
            assertThat(r.finalRecipient()).as(name).isEqualToIgnoringCase(RCPT);
            assertThat(r.action()).as(name).isEqualTo("failed");
            assertThat(r.status()).as(name).matches("5\\.\\d\\.\\d+");
            assertThat(r.diagnosticCode()).as(name).startsWith("55");
            assertThat(mail.addresses()).as(name).contains(VERP);
            assertThat(mail.originalIds()).as(name).contains(MSGID);
            assertThat(mail.messageId()).as(name).contains("t1");
        }
        assertThat(read("dsn-exim.eml").recipients().get(0).diagnosticCode()).as("folded lines unfolded")
                .contains("does not exist").contains("unnecessary spaces");
        assertThat(read("dsn-gmail.eml").recipients().get(0).status()).isEqualTo("5.2.2");
        DsnRecipient delayed = read("dsn-postfix-delayed.eml").recipients().get(0);
        assertThat(delayed.action()).isEqualTo("delayed");
        assertThat(delayed.status()).isEqualTo("4.4.1");
        assertThat(delayed.isFailure()).isTrue();
    }

    @Test
    void shouldReadArfReportsOfSeveralProviders() {
        for (String name : Corpus.ARFS) {
            InboundMail mail = read(name);
            assertThat(mail.type()).as(name + ": " + mail.problem()).isEqualTo(InboundMail.Type.FEEDBACK);
            assertThat(mail.feedbackType()).as(name).isEqualTo("abuse");
            assertThat(mail.addresses()).as(name + ": Original-Mail-From or To").contains(VERP);
            assertThat(mail.originalIds()).as(name).containsExactly(MSGID);
        }
        assertThat(read("arf-rfc5965.eml").reportedAddress()).isEqualTo(RCPT);
        assertThat(read("arf-microsoft.eml").reportedAddress()).as("Hotmail sends no Original-Rcpt-To").isEmpty();
    }

    @Test
    void shouldRecogniseAutoRepliesByHeaderOrSubject() {
        for (String name : Corpus.AUTO_REPLIES) {
            InboundMail mail = read(name);
            assertThat(mail.type()).as(name).isEqualTo(InboundMail.Type.AUTO_REPLY);
            assertThat(mail.originalIds()).as(name + ": In-Reply-To").contains(MSGID);
        }
    }

    @Test
    void shouldMakeHostileOrForeignMailUnprocessableWithAReason() {
        InboundMail noReport = read("hostile-no-report-part.eml");
        assertThat(noReport.type()).isEqualTo(InboundMail.Type.UNPROCESSABLE);
        assertThat(noReport.problem()).contains("without a message/delivery-status part");
        InboundMail legacy = read("plain-yahoo-legacy.eml");
        assertThat(legacy.type()).isEqualTo(InboundMail.Type.UNPROCESSABLE);
        assertThat(legacy.problem()).contains("not a DSN").contains("text/plain");
        assertThat(reader.read("not a mail at all\u0000\u0001".getBytes()).type())
                .isEqualTo(InboundMail.Type.UNPROCESSABLE);
        assertThat(reader.read(new byte[0]).type()).isEqualTo(InboundMail.Type.UNPROCESSABLE);
    }

    @Test
    void shouldReadADsnWhateverItsCharsetsAndTransferEncodingClaim() {
        InboundMail mail = read("hostile-wrong-charset.eml");
        assertThat(mail.type()).as(mail.problem()).isEqualTo(InboundMail.Type.DSN);
        assertThat(mail.recipients().get(0).status()).isEqualTo("5.1.1");
        assertThat(mail.originalIds()).contains(MSGID);
    }

    @Test
    void shouldReadOnlyTheHeadersOfDeeplyNestedReturnedMessages() {
        InboundMail mail = reader.read(Corpus.nested(500, RCPT, VERP, MSGID, "n1"));
        assertThat(mail.type()).as(mail.problem()).isEqualTo(InboundMail.Type.DSN);
        assertThat(mail.originalIds()).containsExactly(MSGID);
    }

    @Test
    void shouldReadADsnOfFiveThousandRecipients() {
        InboundMail mail = reader.read(Corpus.manyRecipients(5000, RCPT, VERP, MSGID, "m1"));
        assertThat(mail.type()).isEqualTo(InboundMail.Type.DSN);
        assertThat(mail.recipients()).hasSize(5000);
        assertThat(mail.recipients().get(4999).isFor(RCPT.toUpperCase())).isTrue();
    }
}
