package io.sluice.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dns.DnsLookupException;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SendFailureClassifierTest {

    private final SendFailureClassifier classifier = new SendFailureClassifier();

    // --- server replies -------------------------------------------------------------------------------------

    @Test
    void shouldClassifyRcptRejection550AsHardFailureKeepingTheReply() throws AddressException {
        SendFailedException thrown = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
                new InternetAddress("a@b.com"), "RCPT TO:<a@b.com>", 550, "550 5.1.1 <a@b.com>: User unknown\n"));

        SendFailure failure = classifier.classify(thrown);

        assertThat(failure.outcome()).isEqualTo(SendOutcome.HARD_FAILURE);
        assertThat(failure.reply()).isEqualTo(new SmtpReply(550, "5.1.1", "<a@b.com>: User unknown"));
        assertThat(failure.detail()).isEqualTo("550 5.1.1 <a@b.com>: User unknown");
    }

    @Test
    void shouldClassifyRcptRejection452AsSoftFailure() throws AddressException {
        SendFailedException thrown = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
                new InternetAddress("a@b.com"), "RCPT TO:<a@b.com>", 452, "452 4.2.2 Mailbox full\n"));

        SendFailure failure = classifier.classify(thrown);

        assertThat(failure.outcome()).isEqualTo(SendOutcome.SOFT_FAILURE);
        assertThat(failure.reply()).isEqualTo(new SmtpReply(452, "4.2.2", "Mailbox full"));
    }

    @Test
    void shouldUseFirstRejectedRecipientWhenSeveralAreChainedByNextException() throws AddressException {
        SMTPAddressFailedException first = new SMTPAddressFailedException(
                new InternetAddress("a@b.com"), "RCPT TO:<a@b.com>", 550, "550 5.1.1 unknown\n");
        first.setNextException(new SMTPAddressFailedException(
                new InternetAddress("c@b.com"), "RCPT TO:<c@b.com>", 451, "451 4.3.0 later\n"));

        SendFailure failure = classifier.classify(new SendFailedException("Invalid Addresses", first));

        assertThat(failure.reply().code()).isEqualTo(550);
    }

    @Test
    void shouldClassifyRejectionAtEndOfDataAsHardFailure() {
        SMTPSendFailedException thrown = new SMTPSendFailedException(".", 554,
                "554 5.7.1 Message rejected as spam\n", null, new Address[0], new Address[0], new Address[0]);

        SendFailure failure = classifier.classify(thrown);

        assertThat(failure.outcome()).isEqualTo(SendOutcome.HARD_FAILURE);
        assertThat(failure.reply()).hasToString("554 5.7.1 Message rejected as spam");
    }

    @Test
    void shouldClassifyMultiLineDeferralAtMailFromAsSoftFailure() throws AddressException {
        SMTPSenderFailedException thrown = new SMTPSenderFailedException(new InternetAddress("bounce@sluice.io"),
                "MAIL FROM:<bounce@sluice.io>", 421,
                "421-4.7.28 Our system has detected an unusual rate\n421 4.7.28 of unsolicited mail.\n");

        SendFailure failure = classifier.classify(thrown);

        assertThat(failure.outcome()).isEqualTo(SendOutcome.SOFT_FAILURE);
        assertThat(failure.reply())
                .isEqualTo(new SmtpReply(421, "4.7.28", "Our system has detected an unusual rate of unsolicited mail."));
    }

    @Test
    void shouldLookPastPartialSendWrapperToTheRecipientRejection() throws AddressException {
        SendFailedException invalid = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
                new InternetAddress("a@b.com"), "RCPT TO:<a@b.com>", 550, "550 5.1.1 User unknown\n"));
        SMTPSendFailedException thrown = new SMTPSendFailedException(".", 250, "250 2.0.0 Ok: queued\n", invalid,
                new Address[0], new Address[0], new Address[0]);

        assertThat(classifier.classify(thrown).outcome()).isEqualTo(SendOutcome.HARD_FAILURE);
    }

    @Test
    void shouldKeepReturnCodeWhenServerTextDoesNotParse() {
        SMTPSendFailedException thrown = new SMTPSendFailedException(".", 451, "garbled", null, null, null, null);

        assertThat(classifier.classify(thrown).reply()).isEqualTo(new SmtpReply(451, null, "garbled"));
    }

    @Test
    void shouldFindReplyThroughCamelStyleRuntimeWrapper() throws AddressException {
        RuntimeException thrown = new RuntimeException("Failed to send", new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(new InternetAddress("a@b.com"), "RCPT TO:<a@b.com>", 550,
                        "550 5.1.1 User unknown\n")));

        assertThat(classifier.classify(thrown).outcome()).isEqualTo(SendOutcome.HARD_FAILURE);
    }

    @Test
    void shouldClassifyBadGreeting421AsSoftFailureByItsParsedReply() {
        MessagingException thrown = new MessagingException(
                "Got bad greeting from SMTP host: mx.example.com, port: 25, response: 421 4.7.0 Try again later\n");

        SendFailure failure = classifier.classify(thrown);

        assertThat(failure.outcome()).isEqualTo(SendOutcome.SOFT_FAILURE);
        assertThat(failure.reply()).isEqualTo(new SmtpReply(421, "4.7.0", "Try again later"));
    }

    @Test
    void shouldClassifyBadGreeting554AsHardFailure() {
        MessagingException thrown = new MessagingException("Got bad greeting from SMTP host: mx.example.com, "
                + "port: 25, response: 554 5.7.1 Client host blocked using Spamhaus\n");

        assertThat(classifier.classify(thrown).outcome()).isEqualTo(SendOutcome.HARD_FAILURE);
    }

    @Test
    void shouldClassifyBadGreetingWithoutReplyAsConnectionFailure() {
        MessagingException thrown = new MessagingException(
                "Got bad greeting from SMTP host: mx.example.com, port: 25, response: [EOF]");

        assertThat(classifier.classify(thrown).outcome()).isEqualTo(SendOutcome.CONNECTION_FAILURE);
    }

    @Test
    void shouldClassifyServerHangUpReportedAsReturnCodeMinusOneAsConnectionFailure() {
        SMTPSendFailedException thrown = new SMTPSendFailedException(".", -1, "[EOF]", null, null, null, null);

        SendFailure failure = classifier.classify(thrown);

        assertThat(failure.outcome()).isEqualTo(SendOutcome.CONNECTION_FAILURE);
        assertThat(failure.reply()).isNull();
    }

    @Test
    void shouldClassifyRejectedEhloOrStartTlsByItsReply() {
        MessagingException thrown = new MessagingException("454 4.7.0 TLS not available due to local problem\n");

        SendFailure failure = classifier.classify(thrown);

        assertThat(failure.outcome()).isEqualTo(SendOutcome.SOFT_FAILURE);
        assertThat(failure.reply()).hasToString("454 4.7.0 TLS not available due to local problem");
    }

    @Test
    void shouldClassifyRejectedLoginAsInternalFailureBecauseRelayCredentialsAreOurs() {
        SendFailure failure = classifier.classify(
                new AuthenticationFailedException("535 5.7.8 Authentication credentials invalid\n"));

        assertThat(failure.outcome()).isEqualTo(SendOutcome.INTERNAL_FAILURE);
        assertThat(failure.reply()).hasToString("535 5.7.8 Authentication credentials invalid");
    }

    // --- network ---------------------------------------------------------------------------------------------

    static Stream<Throwable> networkErrors() {
        return Stream.of(
                new ConnectException("Connection refused"),
                new NoRouteToHostException("No route to host"),
                new UnknownHostException("mx.example.invalid"),
                new SocketTimeoutException("Read timed out"),
                new SocketException("Connection reset"),
                new SocketException("Broken pipe"),
                new EOFException(),
                new SSLHandshakeException("PKIX path building failed"),
                new MailConnectException(new SocketConnectException("Using SOCKS host, port: proxy, 1080",
                        new ConnectException("Connection refused"), "mx.example.com", 25, 10_000)),
                new MessagingException("Could not connect to SMTP host: mx.example.com, port: 25",
                        new IOException("Connection closed")),
                new MessagingException("Can't send command to SMTP host", new IOException("stream closed")),
                new MessagingException("Exception reading response", new IOException("closed")),
                new MessagingException("Unknown SMTP host: mx.example.invalid",
                        new UnknownHostException("mx.example.invalid")),
                new MessagingException("Could not convert socket to TLS", new IOException("handshake")),
                new MessagingException("IOException while sending message", new SocketException("Broken pipe")),
                new RuntimeException("route failed", new MessagingException("Could not connect to SMTP host: "
                        + "mx.example.com, port: 25", new SocketTimeoutException("connect timed out"))));
    }

    @ParameterizedTest
    @MethodSource("networkErrors")
    void shouldClassifyNetworkErrorsAsConnectionFailureWithoutReply(Throwable thrown) {
        SendFailure failure = classifier.classify(thrown);

        assertThat(failure.outcome()).isEqualTo(SendOutcome.CONNECTION_FAILURE);
        assertThat(failure.reply()).isNull();
        assertThat(failure.detail()).isNotBlank();
    }

    static Stream<Throwable> failuresBeforeAnySession() {
        return Stream.of(
                new MailConnectException(new SocketConnectException("Using SOCKS host, port: proxy, 1080",
                        new ConnectException("Connection refused"), "mx.example.com", 25, 10_000)),
                new MessagingException("Got bad greeting from SMTP host: mx.example.com, port: 25, response: "
                        + "421 4.7.0 Try again later\n"),
                new RuntimeException("route failed", new MessagingException("Could not connect to SMTP host: "
                        + "mx.example.com, port: 25", new SocketTimeoutException("Read timed out"))),
                new MessagingException("send failed", new NoRouteToHostException("No route to host")));
    }

    @ParameterizedTest
    @MethodSource("failuresBeforeAnySession")
    void shouldSeeThatNoSessionWasEstablishedSoTheNextMxHostMayBeTried(Throwable thrown) {
        assertThat(SendFailureClassifier.notConnected(thrown)).isTrue();
    }

    static Stream<Throwable> failuresAfterTheGreeting() throws AddressException {
        return Stream.of(
                new SMTPSendFailedException(".", -1, "[EOF]", null, null, null, null),
                new MessagingException("IOException while sending message", new SocketException("Broken pipe")),
                new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out")),
                new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
                        new InternetAddress("a@b.com"), "RCPT TO:<a@b.com>", 452, "452 4.2.2 Mailbox full\n")),
                new IllegalStateException("template failed"));
    }

    @ParameterizedTest
    @MethodSource("failuresAfterTheGreeting")
    void shouldNotTryAnotherMxHostOnceTheHostMayHaveTheMessage(Throwable thrown) {
        assertThat(SendFailureClassifier.notConnected(thrown)).isFalse();
        assertThat(SendFailureClassifier.notConnected(null)).isFalse();
    }

    @Test
    void shouldNameOuterAndRootExceptionInConnectionDetail() {
        SendFailure failure = classifier.classify(new MessagingException(
                "Could not connect to SMTP host: mx.example.com, port: 25", new ConnectException("Connection refused")));

        assertThat(failure.detail()).isEqualTo("MessagingException: Could not connect to SMTP host: "
                + "mx.example.com, port: 25; caused by ConnectException: Connection refused");
    }

    // --- our own errors ---------------------------------------------------------------------------------------

    static Stream<Throwable> ownErrors() {
        return Stream.of(
                new NullPointerException("Cannot invoke \"String.length()\" because \"subject\" is null"),
                new IllegalArgumentException("bad template"),
                new IllegalStateException("broker stopped"),
                new SQLException("relation \"nmsrecipient\" does not exist", "42P01"),
                new SQLException("The connection attempt failed.", "08001", new ConnectException("refused")),
                new RuntimeException("template error", new IOException("template not found: welcome.mustache")),
                new MessagingException("IOException while sending message",
                        new IOException("no object DCH for MIME type text/x-unknown")),
                new MessagingException("Invalid Addresses"),
                new OutOfMemoryError("Java heap space"));
    }

    @ParameterizedTest
    @MethodSource("ownErrors")
    void shouldClassifyOwnErrorsAsInternalFailure(Throwable thrown) {
        SendFailure failure = classifier.classify(thrown);

        assertThat(failure.outcome()).isEqualTo(SendOutcome.INTERNAL_FAILURE);
        assertThat(failure.reply()).isNull();
    }

    @Test
    void shouldDescribeInternalFailureByTypeAndMessage() {
        assertThat(classifier.classify(new IllegalArgumentException("no template 'welcome'")).detail())
                .isEqualTo("IllegalArgumentException: no template 'welcome'");
    }

    @Test
    void shouldClassifyNullAsInternalFailure() {
        assertThat(classifier.classify(null).outcome()).isEqualTo(SendOutcome.INTERNAL_FAILURE);
    }

    // --- robustness -------------------------------------------------------------------------------------------

    @Test
    void shouldTerminateOnCyclicChains() {
        MessagingException a = new MessagingException("a");
        MessagingException b = new MessagingException("b");
        b.setNextException(a);
        a.setNextException(b);
        RuntimeException c = new RuntimeException("c");
        RuntimeException d = new RuntimeException("d", c);
        c.initCause(d);

        assertThat(classifier.classify(a).outcome()).isEqualTo(SendOutcome.INTERNAL_FAILURE);
        assertThat(classifier.classify(d).outcome()).isEqualTo(SendOutcome.INTERNAL_FAILURE);
    }

    @Test
    void shouldKeepDetailOnOneStorableLineOfAtMost500Characters() {
        String hostile = "line one\r\nBcc: x@y.com\u0000\u001B[31m" + "x".repeat(10_000);

        SendFailure failure = classifier.classify(new IllegalStateException(hostile));

        assertThat(failure.detail()).hasSizeLessThanOrEqualTo(500)
                .doesNotContain("\r", "\n", "\u0000", "\u001B")
                .startsWith("IllegalStateException: line one Bcc: x@y.com??[31m");
    }

    @Test
    void shouldKeepReplyDetailOnOneLine() throws AddressException {
        SendFailure failure = classifier.classify(new SMTPAddressFailedException(new InternetAddress("a@b.com"),
                "RCPT TO:<a@b.com>", 550, "550-5.1.1 one\r\n550 5.1.1 two\r\n"));

        assertThat(failure.detail()).isEqualTo("550 5.1.1 one two");
    }

    // --- MX resolution ---------------------------------------------------------------------------------------

    @Test
    void shouldClassifyNxdomainAsHardFailureWithReasonInvalidDomain() {
        DnsLookupException thrown = new DnsLookupException(DnsLookupException.Kind.NO_SUCH_DOMAIN, "gone.test",
                "Domain gone.test does not exist (NXDOMAIN)", null);

        SendFailure failure = classifier.classify(thrown);

        assertThat(failure.outcome()).isEqualTo(SendOutcome.HARD_FAILURE);
        assertThat(failure.detail()).contains("NXDOMAIN");
        assertThat(SendFailureClassifier.invalidDomain(thrown)).isTrue();
    }

    @Test
    void shouldClassifyNullMxAsHardFailureWithReasonInvalidDomain() {
        DnsLookupException thrown = new DnsLookupException(DnsLookupException.Kind.NULL_MX, "nomail.test",
                "Domain nomail.test accepts no mail (null MX, RFC 7505)", null);

        assertThat(classifier.classify(thrown).outcome()).isEqualTo(SendOutcome.HARD_FAILURE);
        assertThat(SendFailureClassifier.invalidDomain(new IllegalStateException("wrapped", thrown))).isTrue();
    }

    @Test
    void shouldClassifyServfailOrTimeoutAsConnectionFailure() {
        DnsLookupException thrown = new DnsLookupException(DnsLookupException.Kind.TEMPORARY, "broken.test",
                "DNS lookup of MX broken.test failed (temporary): SERVFAIL", null);

        assertThat(classifier.classify(thrown).outcome()).isEqualTo(SendOutcome.CONNECTION_FAILURE);
        assertThat(SendFailureClassifier.invalidDomain(thrown)).isFalse();
    }

    @Test
    void shouldNotCallADomainInvalidBecauseOneOfItsMxHostsIsGone() {
        DnsLookupException host = new DnsLookupException(DnsLookupException.Kind.NO_SUCH_DOMAIN, "mx.gone.test",
                "Domain mx.gone.test does not exist (NXDOMAIN)", null);
        DnsLookupException thrown = new DnsLookupException(DnsLookupException.Kind.TEMPORARY, "shop.test",
                "No MX host of shop.test has an address", host);

        assertThat(classifier.classify(thrown).outcome()).isEqualTo(SendOutcome.CONNECTION_FAILURE);
        assertThat(SendFailureClassifier.invalidDomain(thrown)).isFalse();
    }

    @Test
    void shouldClassifyMissingStartTlsOfADomainRequiringTlsAsConnectionFailure() {
        MessagingException thrown = new MessagingException("STARTTLS is required but host does not support STARTTLS");

        assertThat(classifier.classify(thrown).outcome()).isEqualTo(SendOutcome.CONNECTION_FAILURE);
    }
}
