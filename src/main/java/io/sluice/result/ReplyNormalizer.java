package io.sluice.result;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises a server reply the way Campaign does before storing it, so that the same error for different
 * recipients, hosts and queue ids groups into a single NmsBroadLogMsg row.
 *
 * <p>What varies per message is masked; what identifies the error is kept:
 * <ul>
 *   <li>e-mail addresses (also inside {@code <...>}) become {@code *};</li>
 *   <li>URLs keep scheme, host and path (they point at the provider's explanation) but their query string
 *       becomes {@code ?#xxx#};</li>
 *   <li>provider code words are <b>kept</b>: an upper-case prefix of 1 to 4 letters, then 2 to 6 digits, then
 *       optionally {@code _} and 1 to 4 digits ({@code TSS04}, {@code RL000010}, {@code OFR004_104},
 *       {@code AS3130}), bracketed or not. Operators search for them. Queue ids rarely have that exact shape
 *       (they are longer, hex, or mixed case) and are masked by the next rule;</li>
 *   <li>any other word containing a digit becomes {@code #xxx#}: IPv4 and IPv6 addresses, numbers, timestamps,
 *       queue and session ids, host names with digits;</li>
 *   <li>the leading reply code and the enhanced status code right after it are kept as they are;</li>
 *   <li>whitespace collapses to one space, control characters become '?', the result is at most
 *       {@link #MAX_LENGTH} characters.</li>
 * </ul>
 */
public final class ReplyNormalizer {

    public static final int MAX_LENGTH = 1000;
    static final String MASK = "#xxx#";
    /** Masking can lengthen a text a little ("1" becomes "#xxx#"), so twice the output limit is read. */
    private static final int MASKED_INPUT_LIMIT = 2 * MAX_LENGTH;

    private static final Pattern VARIABLE_PARTS = Pattern.compile(String.join("|",
            "(?<url>(?<urlBase>https?://[^\\s?#<>\"']*[^\\s?#<>\"'.,;:)\\]])(?<query>[?#][^\\s<>\"']*)?)",
            "(?<email>[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*)",
            "(?<code>(?<![A-Za-z0-9_.:-])[A-Z]{1,4}[0-9]{2,6}(?:_[0-9]{1,4})?(?![A-Za-z0-9_.:-]))",
            "(?<ipv6>(?<![A-Za-z0-9_.:-])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\\.[0-9]{1,3}){0,3}"
                    + "(?![A-Za-z0-9_.:-]))",
            // colon-joined runs of such words too, so an ISO timestamp is one mask, not three
            "(?<word>[A-Za-z0-9_.-]*[0-9][A-Za-z0-9_.-]*(?::[A-Za-z0-9_.-]*[0-9][A-Za-z0-9_.-]*)*)"));

    /** The reply code and enhanced status code that head a reply; never masked. */
    private static final Pattern HEAD = Pattern.compile("^([2-5][0-5][0-9])(?:[ -]|$)");

    /**
     * @param text a raw reply (multi-line allowed) or any server text; null gives ""
     * @return the grouping key, one line, at most {@link #MAX_LENGTH} characters
     */
    public String normalize(String text) {
        if (text == null) {
            return "";
        }
        String stripped = text.strip();
        Optional<SmtpReply> reply = HEAD.matcher(stripped).find() ? SmtpReply.parse(stripped) : Optional.empty();
        String normalized = reply
                .map(r -> head(r) + maskVariableParts(r.text()))
                .orElseGet(() -> maskVariableParts(stripped));
        return StorableText.oneLine(normalized, MAX_LENGTH);
    }

    private static String head(SmtpReply reply) {
        return reply.code() + (reply.enhancedCode() == null ? "" : " " + reply.enhancedCode()) + " ";
    }

    private static String maskVariableParts(String text) {
        // Folded first so that masking sees one line and a control character can never sit inside a token;
        // cut first too, so the regex never works on an unbounded (possibly hostile) reply.
        String line = StorableText.oneLine(text, MASKED_INPUT_LIMIT);
        Matcher m = VARIABLE_PARTS.matcher(line);
        StringBuilder out = new StringBuilder(line.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacementFor(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String replacementFor(Matcher m) {
        if (m.group("url") != null) {
            return m.group("urlBase") + (m.group("query") == null ? "" : "?" + MASK);
        }
        if (m.group("email") != null) {
            return "*";
        }
        if (m.group("code") != null) {
            return m.group("code");
        }
        if (m.group("ipv6") != null && !m.group("ipv6").matches(".*[0-9].*")) {
            return m.group("ipv6"); // colons and letters only ("add:ed::"): not an address, leave it
        }
        return MASK;
    }
}
