package io.sluice.smtpsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.time.Duration;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DomainRepliesTest {

    private SmtpSimulator smtp;
    private SmtpClient client;

    @BeforeEach
    void start() {
        smtp = SmtpSimulator.builder()
                .behaviour("busy.example", DomainBehaviour.defer("421 4.7.0 Try again later"))
                .behaviour("full.example", DomainBehaviour.defer("452 4.2.2 Mailbox full"))
                .behaviour("gone.example", DomainBehaviour.reject("550 5.1.1 User unknown"))
                .behaviour("some.example", DomainBehaviour.rejectAddresses(Set.of("Nobody"), "550 5.1.1 No such mailbox"))
                .build().start();
        client = new SmtpClient(smtp);
    }

    @AfterEach
    void stop() {
        smtp.close();
    }

    /** The first per-address failure Angus chains behind its SendFailedException. */
    static SMTPAddressFailedException addressFailure(Throwable thrown) {
        assertThat(thrown).isInstanceOf(SendFailedException.class);
        Exception next = ((MessagingException) thrown).getNextException();
        assertThat(next).isInstanceOf(SMTPAddressFailedException.class);
        return (SMTPAddressFailedException) next;
    }

    @Test
    void deferredDomainGets421ExactlyAsConfigured() {
        Throwable thrown = catchThrowable(() -> client.send("a@sluice.test", "s", "b", "x@busy.example"));

        SMTPAddressFailedException failure = addressFailure(thrown);
        assertThat(failure.getReturnCode()).isEqualTo(421);
        assertThat(failure.getMessage()).contains("421 4.7.0 Try again later");
        assertThat(failure.getAddress().toString()).isEqualTo("x@busy.example");
        assertThat(smtp.counters().deferredRecipients("busy.example")).isEqualTo(1);
        assertThat(smtp.counters().acceptedMessages()).isZero();
    }

    @Test
    void mailboxFullIsA452Deferral() {
        SMTPAddressFailedException failure = addressFailure(
                catchThrowable(() -> client.send("a@sluice.test", "s", "b", "x@FULL.example")));

        assertThat(failure.getReturnCode()).isEqualTo(452);
        assertThat(failure.getMessage()).contains("452 4.2.2 Mailbox full");
        assertThat(smtp.counters().deferredRecipients("full.example")).isEqualTo(1);
    }

    @Test
    void rejectedDomainGets550() {
        SMTPAddressFailedException failure = addressFailure(
                catchThrowable(() -> client.send("a@sluice.test", "s", "b", "x@gone.example")));

        assertThat(failure.getReturnCode()).isEqualTo(550);
        assertThat(failure.getMessage()).contains("550 5.1.1 User unknown");
        assertThat(smtp.counters().rejectedRecipients("gone.example")).isEqualTo(1);
        assertThat(smtp.counters().deferredRecipients("gone.example")).isZero();
    }

    @Test
    void onlyListedMailboxesAreUnknown() throws Exception {
        SMTPAddressFailedException failure = addressFailure(
                catchThrowable(() -> client.send("a@sluice.test", "s", "b", "nobody@some.example")));
        client.send("a@sluice.test", "s", "b", "somebody@some.example");

        assertThat(failure.getReturnCode()).isEqualTo(550);
        assertThat(smtp.awaitAccepted(1, Duration.ofSeconds(5))).isTrue();
        assertThat(smtp.counters().rejectedRecipients("some.example")).isEqualTo(1);
        assertThat(smtp.counters().acceptedRecipients("some.example")).isEqualTo(1);
    }

    @Test
    void partialSendDeliversToTheAcceptingDomainsOnly() throws Exception {
        java.util.Properties partial = new java.util.Properties();
        partial.put("mail.smtp.sendpartial", "true");
        SmtpClient partialClient = new SmtpClient(smtp, partial);

        Throwable thrown = catchThrowable(() -> partialClient.send("a@sluice.test", "s", "b",
                "ok@inbox.example", "x@gone.example", "y@busy.example"));

        assertThat(thrown).isInstanceOf(SendFailedException.class);
        assertThat(smtp.awaitAccepted(1, Duration.ofSeconds(5))).isTrue();
        assertThat(smtp.receivedMessages().get(0).recipients()).containsExactly("ok@inbox.example");
        assertThat(smtp.counters().acceptedMessages("inbox.example")).isEqualTo(1);
        assertThat(smtp.counters().acceptedMessages("gone.example")).isZero();
        assertThat(smtp.counters().rejectedRecipients("gone.example")).isEqualTo(1);
        assertThat(smtp.counters().deferredRecipients("busy.example")).isEqualTo(1);
    }

    @Test
    void unknownDomainsUseTheDefaultBehaviour() throws Exception {
        client.send("a@sluice.test", "s", "b", "x@anywhere.example");
        assertThat(smtp.awaitAccepted(1, Duration.ofSeconds(5))).isTrue();

        smtp.setDefaultBehaviour(DomainBehaviour.reject("554 5.7.1 Relay denied"));
        SMTPAddressFailedException failure = addressFailure(
                catchThrowable(() -> client.send("a@sluice.test", "s", "b", "x@anywhere.example")));

        assertThat(failure.getReturnCode()).isEqualTo(554);
        assertThat(smtp.behaviourFor("busy.example").kind()).isEqualTo(DomainBehaviour.Kind.DEFER);
    }
}
