package io.sluice.message;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Feedback-ID header of Gmail's feedback loop ({@code a:b:c:SenderId}, support.google.com/mail/answer/6254652),
 * made per delivery from {@code sluice.feedback-id.template}, never per message: Gmail aggregates complaints by its
 * fields, so a per-message value would make every report a group of one.
 *
 * <p>Placeholders use single braces, {@code {delivery.id}} and {@code {delivery.internalName}}: Camel's properties
 * component resolves {@code {{...}}} inside property values itself, before Sluice could read the template.
 *
 * <p>Checked twice so that no header can break: the template at start (one line of printable ASCII, known
 * placeholders only; else the start stops naming the setting), and each delivery's value when it is rendered
 * (visible ASCII without spaces; else the delivery's rows fail with the reason).
 */
public final class FeedbackIdTemplate {

    /** No template: no Feedback-ID header. */
    public static final FeedbackIdTemplate NONE = new FeedbackIdTemplate("");

    /** RFC 5322 2.1.1 leaves room for the name; Gmail's own examples are far shorter. */
    static final int MAX_LENGTH = 200;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final String DELIVERY_ID = "delivery.id";
    private static final String INTERNAL_NAME = "delivery.internalName";

    private final String template;

    private FeedbackIdTemplate(String template) {
        this.template = template;
    }

    /**
     * @param setting  the property the template comes from, named in errors
     * @param template e.g. {@code {delivery.id}:{delivery.internalName}:campaign:mysenderid}; empty = none
     */
    public static FeedbackIdTemplate of(String setting, String template) {
        String t = template == null ? "" : template.strip();
        if (t.isEmpty()) {
            return NONE;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(setting + " must be one line of printable ASCII (a header value):"
                        + " character " + (i + 1) + " is " + (c == '\r' ? "CR" : c == '\n' ? "LF" : String.format("U+%04X", (int) c)));
            }
        }
        Matcher m = PLACEHOLDER.matcher(t);
        while (m.find()) {
            if (!m.group(1).equals(DELIVERY_ID) && !m.group(1).equals(INTERNAL_NAME)) {
                throw new IllegalArgumentException(setting + ": unknown placeholder {" + m.group(1) + "}; known: {"
                        + DELIVERY_ID + "}, {" + INTERNAL_NAME + "}");
            }
        }
        if (!t.contains(":")) {
            throw new IllegalArgumentException(setting + " must have Gmail's form a:b:c:SenderId (at least one ':'),"
                    + " was '" + t + "'");
        }
        return new FeedbackIdTemplate(t);
    }

    public boolean enabled() {
        return !template.isEmpty();
    }

    /**
     * The header value of one delivery, or null when there is no template.
     *
     * @throws IllegalArgumentException with the reason when the value cannot be a header (e.g. an internal name
     *                                  with spaces, CR/LF or non-ASCII characters)
     */
    public String render(long deliveryId, String internalName) {
        if (!enabled()) {
            return null;
        }
        String value = template.replace("{" + DELIVERY_ID + "}", Long.toString(deliveryId))
                .replace("{" + INTERNAL_NAME + "}", internalName == null ? "" : internalName);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("Feedback-ID of delivery " + deliveryId + " would contain "
                        + (c == '\r' ? "CR" : c == '\n' ? "LF" : c == ' ' ? "a space" : String.format("U+%04X", (int) c))
                        + " (from its internal name): only visible ASCII can go in the header");
            }
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Feedback-ID of delivery " + deliveryId + " is " + value.length()
                    + " characters long, at most " + MAX_LENGTH);
        }
        return value;
    }

    @Override
    public String toString() {
        return enabled() ? "Feedback-ID " + template : "no Feedback-ID";
    }
}
