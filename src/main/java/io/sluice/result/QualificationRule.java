package io.sluice.result;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One row of the qualification table: for failures with this outcome, a reply whose enhanced status code is
 * one of {@code enhancedCodes}, or (failing that) whose text matches {@code textPattern}, gets
 * {@code qualification}. A rule with neither condition is the outcome's fallback.
 *
 * @param outcome       the outcome this rule applies to
 * @param enhancedCodes exact codes ("5.1.1") or class.subject wildcards ("5.7.*"); may be empty
 * @param textPattern   case-insensitive, searched in {@link SmtpReply#toString()}; may be null
 * @param qualification the verdict
 */
public record QualificationRule(SendOutcome outcome, List<String> enhancedCodes, Pattern textPattern,
                                Qualification qualification) {

    public QualificationRule {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(qualification, "qualification");
        enhancedCodes = List.copyOf(enhancedCodes);
    }

    static QualificationRule rule(SendOutcome outcome, List<String> enhancedCodes, String textRegex,
                                  FailureType type, FailureReason reason) {
        Pattern pattern = textRegex == null ? null : Pattern.compile(textRegex, Pattern.CASE_INSENSITIVE);
        return new QualificationRule(outcome, enhancedCodes, pattern, new Qualification(type, reason));
    }

    boolean isFallback() {
        return enhancedCodes.isEmpty() && textPattern == null;
    }

    boolean matchesEnhancedCode(SmtpReply reply) {
        if (reply == null || reply.enhancedCode() == null) {
            return false;
        }
        String code = reply.enhancedCode();
        return enhancedCodes.stream().anyMatch(wanted -> wanted.endsWith(".*")
                ? code.startsWith(wanted.substring(0, wanted.length() - 1))
                : code.equals(wanted));
    }

    boolean matchesText(SmtpReply reply) {
        return reply != null && textPattern != null && textPattern.matcher(reply.toString()).find();
    }
}
