package io.sluice.result;

import static io.sluice.result.FailureReason.ACCOUNT_DISABLED;
import static io.sluice.result.FailureReason.ERROR_IGNORED;
import static io.sluice.result.FailureReason.INVALID_DOMAIN;
import static io.sluice.result.FailureReason.MAILBOX_FULL;
import static io.sluice.result.FailureReason.REFUSED;
import static io.sluice.result.FailureReason.UNREACHABLE;
import static io.sluice.result.FailureReason.USER_UNKNOWN;
import static io.sluice.result.FailureType.HARD;
import static io.sluice.result.FailureType.IGNORED;
import static io.sluice.result.FailureType.SOFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FailureQualifierTest {

    private final FailureQualifier qualifier = new FailureQualifier();

    /** raw reply, expected type, expected reason. */
    static Stream<Arguments> hardReplies() {
        return Stream.of(
                Arguments.of("550 5.1.1 <a@b.com>: Recipient address rejected: User unknown", HARD, USER_UNKNOWN),
                Arguments.of("550 5.1.0 Address rejected", HARD, USER_UNKNOWN),
                Arguments.of("550 No such user here", HARD, USER_UNKNOWN),
                Arguments.of("550 5.5.0 Mailbox does not exist", HARD, USER_UNKNOWN),
                Arguments.of("550 Unknown recipient", HARD, USER_UNKNOWN),
                Arguments.of("550 5.1.2 Domain does not exist", HARD, INVALID_DOMAIN),
                Arguments.of("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
                        HARD, INVALID_DOMAIN),
                Arguments.of("554 5.4.4 Unable to route", HARD, INVALID_DOMAIN),
                Arguments.of("550 No such domain", HARD, INVALID_DOMAIN),
                Arguments.of("550 5.2.1 The email account that you tried to reach is disabled", HARD, ACCOUNT_DISABLED),
                Arguments.of("550 Account inactive", HARD, ACCOUNT_DISABLED),
                Arguments.of("552 5.2.2 The email account that you tried to reach is over quota", SOFT, MAILBOX_FULL),
                Arguments.of("552 Mailbox full", SOFT, MAILBOX_FULL),
                Arguments.of("554 5.7.1 Message rejected as spam", HARD, REFUSED),
                Arguments.of("550 5.7.26 Unauthenticated email is not accepted", HARD, REFUSED),
                Arguments.of("554 5.7.1 Recipient address rejected: user unknown in policy table", HARD, REFUSED),
                Arguments.of("554 Relay access denied", HARD, REFUSED),
                Arguments.of("550 Blocked due to poor reputation", HARD, REFUSED),
                Arguments.of("554 5.3.4 Message too big for system", HARD, UNREACHABLE),
                Arguments.of("550 Requested action not taken", HARD, UNREACHABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hardReplies")
    void shouldQualifyHardFailureByEnhancedCodeFirstThenText(String raw, FailureType type, FailureReason reason) {
        SmtpReply reply = SmtpReply.parse(raw).orElseThrow();

        assertThat(qualifier.qualify(SendOutcome.HARD_FAILURE, reply)).isEqualTo(new Qualification(type, reason));
    }

    static Stream<Arguments> softReplies() {
        return Stream.of(
                Arguments.of("452 4.2.2 Mailbox full", MAILBOX_FULL),
                Arguments.of("452 Requested action not taken: insufficient storage, quota exceeded", MAILBOX_FULL),
                Arguments.of("421 4.7.0 [TSS04] Messages from 203.0.113.7 temporarily deferred", REFUSED),
                Arguments.of("450 4.7.28 Rate limited", REFUSED),
                Arguments.of("451 4.7.1 Greylisted, try again later", REFUSED),
                Arguments.of("451 4.3.0 Temporary local problem", UNREACHABLE),
                Arguments.of("421 Service not available", UNREACHABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("softReplies")
    void shouldQualifySoftFailureAsSoftWithItsReason(String raw, FailureReason reason) {
        SmtpReply reply = SmtpReply.parse(raw).orElseThrow();

        assertThat(qualifier.qualify(SendOutcome.SOFT_FAILURE, reply)).isEqualTo(new Qualification(SOFT, reason));
    }

    @Test
    void shouldFallBackWhenReplyIsMissing() {
        assertThat(qualifier.qualify(SendOutcome.HARD_FAILURE, null)).isEqualTo(new Qualification(HARD, UNREACHABLE));
        assertThat(qualifier.qualify(SendOutcome.SOFT_FAILURE, null)).isEqualTo(new Qualification(SOFT, UNREACHABLE));
    }

    @Test
    void shouldQualifyConnectionFailureAsSoftUnreachable() {
        assertThat(qualifier.qualify(SendOutcome.CONNECTION_FAILURE, null))
                .isEqualTo(new Qualification(SOFT, UNREACHABLE));
    }

    @Test
    void shouldIgnoreInternalFailureSoTheRecipientIsNotBurned() {
        assertThat(qualifier.qualify(SendOutcome.INTERNAL_FAILURE, new SmtpReply(535, "5.7.8", "auth failed")))
                .isEqualTo(new Qualification(IGNORED, ERROR_IGNORED));
    }

    @Test
    void shouldRefuseToQualifyAcceptedMessage() {
        assertThatThrownBy(() -> qualifier.qualify(SendOutcome.ACCEPTED, new SmtpReply(250, "2.0.0", "Ok")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = SendOutcome.class, names = "ACCEPTED", mode = EnumSource.Mode.EXCLUDE)
    void shouldHaveAFallbackForEveryFailureOutcomeInTheDefaultTable(SendOutcome outcome) {
        assertThat(FailureQualifier.DEFAULT_RULES)
                .anyMatch(rule -> rule.outcome() == outcome && rule.isFallback());
    }

    @Test
    void shouldApplyACustomTableInOrder() {
        FailureQualifier custom = new FailureQualifier(List.of(
                QualificationRule.rule(SendOutcome.HARD_FAILURE, List.of(), "greylist", SOFT, REFUSED),
                QualificationRule.rule(SendOutcome.HARD_FAILURE, List.of(), null, HARD, UNREACHABLE)));

        assertThat(custom.qualify(SendOutcome.HARD_FAILURE, new SmtpReply(550, null, "Greylisted")))
                .isEqualTo(new Qualification(SOFT, REFUSED));
        assertThat(custom.qualify(SendOutcome.HARD_FAILURE, new SmtpReply(550, null, "other")))
                .isEqualTo(new Qualification(HARD, UNREACHABLE));
    }

    @Test
    void shouldFailLoudlyWhenATableLacksARuleForTheOutcome() {
        assertThatThrownBy(() -> new FailureQualifier(List.of()).qualify(SendOutcome.CONNECTION_FAILURE, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldMatchWildcardEnhancedCodeOnClassAndSubjectOnly() {
        QualificationRule rule = QualificationRule.rule(SendOutcome.HARD_FAILURE, List.of("5.7.*"), null, HARD,
                REFUSED);

        assertThat(rule.matchesEnhancedCode(new SmtpReply(550, "5.7.26", ""))).isTrue();
        assertThat(rule.matchesEnhancedCode(new SmtpReply(550, "5.1.7", ""))).isFalse();
        assertThat(rule.matchesEnhancedCode(new SmtpReply(550, null, ""))).isFalse();
    }
}
