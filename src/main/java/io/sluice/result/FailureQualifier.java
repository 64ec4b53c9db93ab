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
import static io.sluice.result.QualificationRule.rule;
import static io.sluice.result.SendOutcome.CONNECTION_FAILURE;
import static io.sluice.result.SendOutcome.HARD_FAILURE;
import static io.sluice.result.SendOutcome.INTERNAL_FAILURE;
import static io.sluice.result.SendOutcome.SOFT_FAILURE;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Qualifies a failed attempt the way Campaign does: a {@link FailureType} and a {@link FailureReason}.
 *
 * <p>The policy is the ordered table {@link #DEFAULT_RULES}, read in three passes:
 * <ol>
 *   <li>the first rule for the outcome whose <b>enhanced status code</b> matches wins: the RFC 3463 code is
 *       machine-meant and more reliable than prose ("550 5.1.2 Domain does not exist" is a bad domain even
 *       though its text says "does not exist");</li>
 *   <li>otherwise the first rule whose <b>text pattern</b> matches the reply wins;</li>
 *   <li>otherwise the outcome's fallback rule.</li>
 * </ol>
 */
public final class FailureQualifier {

    private static final String USER_UNKNOWN_TEXT =
            "user unknown|unknown user|no such user|does not exist|unknown recipient|recipient unknown"
                    + "|no such (mailbox|recipient)|invalid recipient";
    private static final String INVALID_DOMAIN_TEXT =
            "domain (does not exist|not found|unknown)|no such domain|unrouteable|unroutable"
                    + "|host (not found|unknown)|bad destination";
    private static final String DISABLED_TEXT = "disabled|inactive";
    private static final String MAILBOX_FULL_TEXT = "mailbox (is )?full|quota|insufficient storage";
    private static final String REFUSED_TEXT = "spam|blocked|policy|reputation|denied|blacklist|blocklist";

    /**
     * The default policy, in precedence order within each outcome. Campaign quirk kept on purpose: a full
     * mailbox is SOFT even when the server says 5xx, because it usually empties again.
     */
    public static final List<QualificationRule> DEFAULT_RULES = List.of(
            rule(HARD_FAILURE, List.of("5.1.1", "5.1.0"), USER_UNKNOWN_TEXT, HARD, USER_UNKNOWN),
            rule(HARD_FAILURE, List.of("5.1.2", "5.1.10", "5.4.4"), INVALID_DOMAIN_TEXT, HARD, INVALID_DOMAIN),
            rule(HARD_FAILURE, List.of("5.2.1"), DISABLED_TEXT, HARD, ACCOUNT_DISABLED),
            rule(HARD_FAILURE, List.of("5.2.2"), MAILBOX_FULL_TEXT, SOFT, MAILBOX_FULL),
            rule(HARD_FAILURE, List.of("5.7.*"), REFUSED_TEXT, HARD, REFUSED),
            rule(HARD_FAILURE, List.of(), null, HARD, UNREACHABLE),
            rule(SOFT_FAILURE, List.of("4.2.2"), MAILBOX_FULL_TEXT, SOFT, MAILBOX_FULL),
            rule(SOFT_FAILURE, List.of("4.7.*"), REFUSED_TEXT, SOFT, REFUSED),
            rule(SOFT_FAILURE, List.of(), null, SOFT, UNREACHABLE),
            rule(CONNECTION_FAILURE, List.of(), null, SOFT, UNREACHABLE),
            // Our own error must not burn the recipient: ignored, and the message is retried.
            rule(INTERNAL_FAILURE, List.of(), null, IGNORED, ERROR_IGNORED));

    private final List<QualificationRule> rules;

    public FailureQualifier() {
        this(DEFAULT_RULES);
    }

    /** @param rules an ordered table like {@link #DEFAULT_RULES}; every failure outcome needs a fallback */
    public FailureQualifier(List<QualificationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * @param outcome how the attempt ended; never {@link SendOutcome#ACCEPTED}
     * @param reply   the server reply, or null when there was none
     * @throws IllegalArgumentException for {@link SendOutcome#ACCEPTED} (nothing to qualify)
     * @throws IllegalStateException    when the table has no rule for the outcome
     */
    public Qualification qualify(SendOutcome outcome, SmtpReply reply) {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == SendOutcome.ACCEPTED) {
            throw new IllegalArgumentException("an accepted message has no failure to qualify");
        }
        return firstMatch(outcome, rule -> rule.matchesEnhancedCode(reply))
                .or(() -> firstMatch(outcome, rule -> rule.matchesText(reply)))
                .or(() -> firstMatch(outcome, QualificationRule::isFallback))
                .orElseThrow(() -> new IllegalStateException("no qualification rule for " + outcome));
    }

    private Optional<Qualification> firstMatch(SendOutcome outcome, Predicate<QualificationRule> condition) {
        return rules.stream()
                .filter(rule -> rule.outcome() == outcome)
                .filter(condition)
                .map(QualificationRule::qualification)
                .findFirst();
    }
}
