package io.sluice.smtpsim;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a simulated recipient domain answers at {@code RCPT TO}. Immutable; build it with the
 * static factories and optionally add a reply delay with {@link #delayedBy(Duration)}.
 *
 * <p>Replies are given as one string, {@code "<code> <text>"}, and reach the client exactly as
 * given. Replies whose code is 4xx count as deferrals, 5xx as rejections.
 *
 * <p>Runtime state such as the rate-limit window is not part of this value: the simulator keeps
 * it per domain and starts it afresh whenever a behaviour is (re)assigned.
 */
public final class DomainBehaviour {

    /** The kind of answer a domain gives. */
    public enum Kind {
        /** Every recipient is accepted ({@code 250}). */
        ACCEPT,
        /** Every recipient gets the configured 4xx reply. */
        DEFER,
        /** Every recipient gets the configured 5xx reply. */
        REJECT,
        /** Up to N recipients per window are accepted, the rest get the configured 4xx reply. */
        RATE_LIMIT,
        /** Listed mailboxes (local parts) get the configured reply, the others are accepted. */
        REJECT_ADDRESSES,
        /** The socket is closed at {@code RCPT TO}, without any reply. */
        DROP_AT_RCPT,
        /**
         * Recipients are accepted, then the socket is closed after the message content has been
         * read and before the final reply: the client cannot know whether the message was taken.
         */
        DROP_AT_DATA
    }

    private static final DomainBehaviour ACCEPT = new DomainBehaviour(Kind.ACCEPT, null, 0, null, Set.of(), Duration.ZERO);

    private final Kind kind;
    private final SimulatedReply reply;
    private final int maxMessages;
    private final Duration window;
    private final Set<String> localParts;
    private final Duration delay;

    private DomainBehaviour(Kind kind, SimulatedReply reply, int maxMessages, Duration window,
            Set<String> localParts, Duration delay) {
        this.kind = kind;
        this.reply = reply;
        this.maxMessages = maxMessages;
        this.window = window;
        this.localParts = localParts;
        this.delay = delay;
    }

    /** Accepts every recipient of the domain. This is the default for unknown domains. */
    public static DomainBehaviour accept() {
        return ACCEPT;
    }

    /**
     * Answers every recipient with a transient failure.
     *
     * @param reply a 4xx reply, e.g. {@code "421 4.7.0 Try again later"} or {@code "452 4.2.2 Mailbox full"}
     */
    public static DomainBehaviour defer(String reply) {
        return new DomainBehaviour(Kind.DEFER, SimulatedReply.parse(reply, 4), 0, null, Set.of(), Duration.ZERO);
    }

    /**
     * Answers every recipient with a permanent failure.
     *
     * @param reply a 5xx reply, e.g. {@code "550 5.1.1 User unknown"}
     */
    public static DomainBehaviour reject(String reply) {
        return new DomainBehaviour(Kind.REJECT, SimulatedReply.parse(reply, 5), 0, null, Set.of(), Duration.ZERO);
    }

    /**
     * Accepts at most {@code maxMessages} recipients of the domain per fixed window of length
     * {@code per}, and answers {@code replyBeyond} to the rest of that window. The window opens at
     * the first recipient after the previous window ended, measured on the simulator's clock.
     *
     * @param replyBeyond a 4xx reply, e.g. {@code "421 4.7.28 Rate limited, slow down"}
     */
    public static DomainBehaviour rateLimit(int maxMessages, Duration per, String replyBeyond) {
        if (maxMessages < 0) {
            throw new IllegalArgumentException("maxMessages must be >= 0: " + maxMessages);
        }
        requirePositive(per, "per");
        return new DomainBehaviour(Kind.RATE_LIMIT, SimulatedReply.parse(replyBeyond, 4), maxMessages, per,
                Set.of(), Duration.ZERO);
    }

    /**
     * Answers {@code reply} for the listed mailboxes only (compared case-insensitively) and accepts
     * the other recipients of the domain.
     *
     * @param localParts mailbox names without the domain, e.g. {@code "nobody"}
     * @param reply a 4xx or 5xx reply, e.g. {@code "550 5.1.1 User unknown"}
     */
    public static DomainBehaviour rejectAddresses(Set<String> localParts, String reply) {
        SimulatedReply parsed = SimulatedReply.parse(reply);
        if (parsed.code() < 400) {
            throw new IllegalArgumentException("expected a 4xx or 5xx reply, got: '" + reply + "'");
        }
        Set<String> normalised = localParts.stream()
                .map(p -> p.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return new DomainBehaviour(Kind.REJECT_ADDRESSES, parsed, 0, null, normalised, Duration.ZERO);
    }

    /** Closes the connection at {@code RCPT TO} without replying, as a crashed peer would. */
    public static DomainBehaviour dropConnection() {
        return new DomainBehaviour(Kind.DROP_AT_RCPT, null, 0, null, Set.of(), Duration.ZERO);
    }

    /**
     * Accepts the recipients, reads the whole message, then closes the connection without the
     * final reply: the "did it go or not?" case a sender must treat as unknown.
     */
    public static DomainBehaviour dropConnectionAtData() {
        return new DomainBehaviour(Kind.DROP_AT_DATA, null, 0, null, Set.of(), Duration.ZERO);
    }

    /** Accepts every recipient, but only after {@code delay}; for client timeout tests. */
    public static DomainBehaviour slow(Duration delay) {
        return ACCEPT.delayedBy(delay);
    }

    /** The same behaviour, answering each {@code RCPT TO} only after {@code delay}. */
    public DomainBehaviour delayedBy(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        return new DomainBehaviour(kind, reply, maxMessages, window, localParts, delay);
    }

    /** The kind of answer. */
    public Kind kind() {
        return kind;
    }

    /** The configured reply for the kinds that have one ({@code "<code> <text>"}). */
    public Optional<String> reply() {
        return Optional.ofNullable(reply).map(SimulatedReply::toString);
    }

    /** How long each {@code RCPT TO} waits before it is answered; zero unless delayed. */
    public Duration delay() {
        return delay;
    }

    SimulatedReply smtpReply() {
        return reply;
    }

    int maxMessages() {
        return maxMessages;
    }

    Duration window() {
        return window;
    }

    boolean refusesMailbox(String localPart) {
        return localParts.contains(localPart.toLowerCase(Locale.ROOT));
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.name());
        if (kind == Kind.RATE_LIMIT) {
            sb.append(' ').append(maxMessages).append(" per ").append(window);
        }
        if (kind == Kind.REJECT_ADDRESSES) {
            sb.append(' ').append(localParts);
        }
        if (reply != null) {
            sb.append(" '").append(reply).append('\'');
        }
        if (!delay.isZero()) {
            sb.append(" after ").append(delay);
        }
        return sb.toString();
    }
}
