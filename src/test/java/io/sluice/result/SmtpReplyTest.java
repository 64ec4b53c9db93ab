package io.sluice.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpReplyTest {

    @Test
    void shouldParseSingleLineReplyWithEnhancedCode() {
        assertThat(SmtpReply.parse("452 4.7.1 Error: too much mail"))
                .contains(new SmtpReply(452, "4.7.1", "Error: too much mail"));
    }

    @Test
    void shouldParseReplyWithoutEnhancedCode() {
        assertThat(SmtpReply.parse("550 Requested action not taken"))
                .contains(new SmtpReply(550, null, "Requested action not taken"));
    }

    @Test
    void shouldJoinMultiLineReplyWithSpacesAndKeepEnhancedCodeOnce() {
        assertThat(SmtpReply.parse("421-4.7.28 line one\n421-4.7.28 line two\n421 4.7.28 end"))
                .contains(new SmtpReply(421, "4.7.28", "line one line two end"));
    }

    @Test
    void shouldParseMultiLineReplyWithCrLfAndTrailingLineBreakAsAngusReportsIt() {
        assertThat(SmtpReply.parse("550-5.1.1 The email account does not exist.\r\n550 5.1.1 Please check.\r\n"))
                .contains(new SmtpReply(550, "5.1.1", "The email account does not exist. Please check."));
    }

    @Test
    void shouldFindReplyAfterAngusBadGreetingPrefix() {
        assertThat(SmtpReply.parse(
                "Got bad greeting from SMTP host: h, port: 25, response: 421 4.7.0 Try again later"))
                .contains(new SmtpReply(421, "4.7.0", "Try again later"));
    }

    @Test
    void shouldNotMistakePortNumberForReplyCode() {
        assertThat(SmtpReply.parse("Could not connect to SMTP host: mx.example.com, port: 587")).isEmpty();
        assertThat(SmtpReply.parse("Got bad greeting from SMTP host: h, port: 587, response: 421"))
                .contains(new SmtpReply(421, null, ""));
    }

    @Test
    void shouldParseBareCode() {
        assertThat(SmtpReply.parse("554")).contains(new SmtpReply(554, null, ""));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "[EOF]", "hello world", "Invalid Addresses", "700 not a reply",
            "199 too low", "5501 too long", "55 short", "Unknown SMTP host: 500.example.com"})
    void shouldFindNoReplyInTextWithoutOne(String raw) {
        assertThat(SmtpReply.parse(raw)).isEmpty();
    }

    @Test
    void shouldRenderCodeEnhancedCodeAndTextForRuleMatching() {
        assertThat(new SmtpReply(550, "5.1.1", "User unknown")).hasToString("550 5.1.1 User unknown");
        assertThat(new SmtpReply(550, null, "User unknown")).hasToString("550 User unknown");
        assertThat(new SmtpReply(421, "4.7.0", "")).hasToString("421 4.7.0");
    }

    @Test
    void shouldKeepTextOnOneLineWithoutControlCharacters() {
        assertThat(new SmtpReply(550, null, "a\u0000b\tc").text()).isEqualTo("a?b c");
    }

    @Test
    void shouldTellTransientFromPermanent() {
        assertThat(new SmtpReply(421, null, "").isTransient()).isTrue();
        assertThat(new SmtpReply(421, null, "").isPermanent()).isFalse();
        assertThat(new SmtpReply(550, null, "").isPermanent()).isTrue();
    }

    @Test
    void shouldRejectImpossibleCodes() {
        assertThatThrownBy(() -> new SmtpReply(99, null, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SmtpReply(600, null, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SmtpReply(550, "5.1", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
