package io.sluice.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMTP server reply: the three-digit code, the optional RFC 3463 enhanced status code and the text.
 *
 * @param code         the reply code, 200 to 599
 * @param enhancedCode the enhanced status code ({@code "4.7.28"}), or null when the server sent none
 * @param text         the human text, multi-line replies joined with a space; one line, may be empty
 */
public record SmtpReply(int code, String enhancedCode, String text) {

    /** Longest text kept: replies are stored, and an endless reply must not bloat a row. */
    static final int MAX_TEXT_LENGTH = 2000;

    /**
     * A reply code at the start of the input or after ": " (Angus prefixes greeting failures with
     * "... response: "). The code must be followed by a space, a hyphen (continuation) or the end, so ports
     * ("port: 587,") and host names ("500.example.com") are not mistaken for replies.
     */
    private static final Pattern REPLY_START =
            Pattern.compile("(?:^|(?<=:\\s))([2-5][0-5][0-9])(?=[ -]|\\r?\\n|$)", Pattern.MULTILINE);
    private static final Pattern LINE = Pattern.compile("^([2-5][0-5][0-9])([ -]|$)(.*)$");
    private static final Pattern ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})(?:\\s+|$)(.*)$");
    private static final Pattern ENHANCED_SHAPE = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code must be 200..599, was " + code);
        }
        if (enhancedCode != null && !ENHANCED_SHAPE.matcher(enhancedCode).matches()) {
            throw new IllegalArgumentException("not an enhanced status code: " + enhancedCode);
        }
        text = StorableText.oneLine(Objects.requireNonNullElse(text, ""), MAX_TEXT_LENGTH);
    }

    /**
     * Finds and parses the reply in a raw server response or in an exception message that embeds one.
     * Continuation lines ({@code 421-...}) carrying the same code are folded into one text; their repeated
     * enhanced codes are dropped.
     *
     * @return the reply, or empty when the input holds none
     */
    public static Optional<SmtpReply> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        Matcher start = REPLY_START.matcher(raw);
        if (!start.find()) {
            return Optional.empty();
        }
        String[] lines = raw.substring(start.start()).split("\\r?\\n|\\r");
        int code = Integer.parseInt(start.group(1));
        String enhanced = null;
        List<String> texts = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            boolean sameReply = m.matches() && Integer.parseInt(m.group(1)) == code;
            String rest = sameReply ? m.group(3) : line; // a line without our code is wrapped text, kept whole
            if (sameReply) {
                Matcher e = ENHANCED.matcher(rest.strip());
                if (e.matches()) {
                    enhanced = enhanced == null ? e.group(1) : enhanced;
                    rest = e.group(2);
                }
            }
            if (!rest.isBlank()) {
                texts.add(rest.strip());
            }
            if (sameReply && !"-".equals(m.group(2))) {
                break; // the last line of a reply has a space (or nothing) after the code
            }
        }
        return Optional.of(new SmtpReply(code, enhanced, String.join(" ", texts)));
    }

    /** True for 4xx: the server asks us to try again later. */
    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    /** True for 5xx: the server refuses for good. */
    public boolean isPermanent() {
        return code >= 500;
    }

    /** {@code "code enhanced text"}, parts omitted when absent: the form failure rule regexes match against. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(code);
        if (enhancedCode != null) {
            out.append(' ').append(enhancedCode);
        }
        if (!text.isEmpty()) {
            out.append(' ').append(text);
        }
        return out.toString();
    }
}
