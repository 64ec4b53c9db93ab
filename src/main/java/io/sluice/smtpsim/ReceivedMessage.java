package io.sluice.smtpsim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A message the simulator accepted: the envelope and the content exactly as received (dot
 * unstuffed, no {@code Received:} header added).
 *
 * <p>Headers are parsed on demand, each time they are asked for, so capturing costs nothing
 * beyond the bytes. The raw bytes are copied out by {@link #raw()} to keep the record immutable.
 *
 * @param envelopeFrom the {@code MAIL FROM} address (empty for the null sender {@code <>})
 * @param recipients the accepted {@code RCPT TO} addresses, in order; refused ones are not listed
 * @param raw the full message content, headers and body, with CRLF line ends
 * @param receivedAt when the end of {@code DATA} was read, on the simulator's clock
 */
public record ReceivedMessage(String envelopeFrom, List<String> recipients, byte[] raw, Instant receivedAt) {

    public ReceivedMessage {
        Objects.requireNonNull(envelopeFrom, "envelopeFrom");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** A copy of the raw content. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** Size of the raw content in bytes. */
    public int size() {
        return raw.length;
    }

    /** The raw content decoded as UTF-8 (SMTP content is ASCII unless SMTPUTF8 was used). */
    public String rawString() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    /**
     * The header fields, unfolded, by case-insensitive name in order of appearance. Values are
     * not MIME-decoded.
     */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : headerLines()) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            addHeader(headers, name, value);
            int colon = line.indexOf(':');
            name = colon > 0 ? line.substring(0, colon).strip() : null;
            value.setLength(0);
            if (name != null) {
                value.append(line.substring(colon + 1).strip());
            }
        }
        addHeader(headers, name, value);
        headers.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(headers);
    }

    /** The first value of a header field, e.g. {@code header("Subject")}. */
    public Optional<String> header(String name) {
        List<String> values = headers().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body: everything after the first empty line, or empty when there is none. */
    public String body() {
        String text = rawString();
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? "" : text.substring(end + 4);
    }

    private List<String> headerLines() {
        String text = rawString();
        int end = text.indexOf("\r\n\r\n");
        String block = end < 0 ? text : text.substring(0, end);
        return block.isEmpty() ? List.of() : Arrays.asList(block.split("\r\n"));
    }

    private static void addHeader(Map<String, List<String>> headers, String name, StringBuilder value) {
        if (name != null) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value.toString());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage other
                && envelopeFrom.equals(other.envelopeFrom)
                && recipients.equals(other.recipients)
                && Arrays.equals(raw, other.raw)
                && receivedAt.equals(other.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(envelopeFrom, recipients, Arrays.hashCode(raw), receivedAt);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[from=" + envelopeFrom + ", recipients=" + recipients + ", size=" + raw.length
                + ", receivedAt=" + receivedAt + "]";
    }
}
