package io.sluice.simulate;

import io.sluice.domains.Durations;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model of one receiving site: what it answers to a message sent at a virtual time. Each model is one of the
 * behaviours flow control meets (flow-control-anchors.md): a fixed counting window (Postfix anvil, Gmail-like
 * throttles, the in-JVM simulator's {@code rateLimit}), a token bucket, a temporary deferral of a share of the mail,
 * and refused connections for a while. Stateful: one instance per simulation.
 */
public sealed interface ReceiverModel {

    /** What the receiver did with one attempt. */
    enum Kind { ACCEPTED, DEFERRED, REFUSED }

    /** @param reply the SMTP reply of a deferral ("450 4.7.1 ..."), null otherwise */
    record Answer(Kind kind, String reply) {
        static final Answer ACCEPT = new Answer(Kind.ACCEPTED, null);
        static final Answer REFUSE = new Answer(Kind.REFUSED, null);
    }

    /** A model while it runs: one per simulation (the window and bucket count what they took). */
    @FunctionalInterface
    interface Receiver {
        Answer answer(long nanos, Random random);
    }

    /** A fresh receiver of this model, for one run. */
    Receiver start();

    /**
     * The shortest time in which any sender could have delivered {@code messages} to this receiver, sending at most
     * {@code maxRate} msg/s (the policy's own ceiling).
     */
    double idealSeconds(int messages, double maxRate);

    /** One line saying what the model is, for the output. */
    String describe();

    /** The default reply of a model that defers: Postfix's reply to a client over its rate limit. */
    String DEFAULT_REPLY = "450 4.7.1 Error: too much mail, try again later";

    /**
     * At most {@code limit} messages from the moment a window opens until {@code period} later (RateWindow's rule).
     * With {@code wholeSeconds}, Postfix's anvil ({@code smtpd_client_message_rate_limit} over
     * {@code anvil_rate_time_unit}): its clock counts whole seconds and a period ends only once
     * {@code start + unit < now} (anvil.c, {@code ANVIL_REMOTE_INCR_RATE}), so a period of 10 s lasts 10 to 11 s
     * from the event that opened it. A sender that uses every quota up renews it just after a second begins, so each
     * period lasts nearly 11 s: 30 per 10 s grants 2.73 msg/s, not 3 (measured: 2.727 against a real Postfix,
     * bench/postfix-capacity).
     */
    record FixedWindow(int limit, Duration period, String reply, boolean wholeSeconds) implements ReceiverModel {
        public FixedWindow {
            if (limit < 1 || period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("--limit needs N/PERIOD with N >= 1 and a positive period");
            }
            if (wholeSeconds && period.toNanosPart() != 0) {
                throw new IllegalArgumentException("--anvil needs a period of whole seconds (anvil_rate_time_unit),"
                        + " was " + Durations.format(period));
            }
            reply = checkedReply(reply);
        }

        /** The in-JVM simulator's fixed window, to the nanosecond. */
        public FixedWindow(int limit, Duration period, String reply) {
            this(limit, period, reply, false);
        }

        @Override
        public Receiver start() {
            return new Window(this);
        }

        @Override
        public double idealSeconds(int messages, double maxRate) {
            return messages / Math.min(maxRate, limit / (period.toNanos() / 1e9));
        }

        @Override
        public String describe() {
            return (wholeSeconds ? "Postfix anvil (whole seconds): " : "fixed window: ") + limit + " messages per "
                    + Durations.format(period) + ", '" + reply + "' beyond";
        }
    }

    /** A bucket of {@code burst} tokens refilled at {@code ratePerSecond}; a message without a token is deferred. */
    record TokenBucket(double ratePerSecond, int burst, String reply) implements ReceiverModel {
        public TokenBucket {
            if (!(ratePerSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("--bucket needs RATE/s with RATE > 0 and --burst >= 1");
            }
            reply = checkedReply(reply);
        }

        @Override
        public Receiver start() {
            return new Bucket(this);
        }

        @Override
        public double idealSeconds(int messages, double maxRate) {
            double rate = Math.min(maxRate, ratePerSecond);
            return Math.max(0, messages - burst) / rate + Math.min(messages, burst) / maxRate;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "token bucket: %.2f msg/s, burst %d, '%s' beyond", ratePerSecond, burst,
                    reply);
        }
    }

    /** Defers {@code share} of the messages (at random) during {@code duration}, then accepts everything. */
    record DeferThenHeal(double share, Duration duration, String reply) implements ReceiverModel {
        public DeferThenHeal {
            if (!(share > 0 && share <= 1) || duration.isNegative()) {
                throw new IllegalArgumentException("--defer needs a share in (0, 100] % and --for a duration >= 0");
            }
            reply = checkedReply(reply);
        }

        @Override
        public Receiver start() {
            return (nanos, random) -> nanos < duration.toNanos() && random.nextDouble() < share
                    ? new Answer(Kind.DEFERRED, reply) : Answer.ACCEPT;
        }

        @Override
        public double idealSeconds(int messages, double maxRate) {
            return messages / maxRate;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "defers %.0f %% of the messages for %s ('%s'), then heals", share * 100,
                    Durations.format(duration), reply);
        }
    }

    /** Refuses every connection during {@code duration}, then accepts everything. */
    record RefuseFor(Duration duration) implements ReceiverModel {
        @Override
        public Receiver start() {
            return (nanos, random) -> nanos < duration.toNanos() ? Answer.REFUSE : Answer.ACCEPT;
        }

        @Override
        public double idealSeconds(int messages, double maxRate) {
            return duration.toNanos() / 1e9 + messages / maxRate;
        }

        @Override
        public String describe() {
            return "refuses connections for " + Durations.format(duration) + ", then accepts everything";
        }
    }

    /** "30/10s" as a fixed window of 30 per 10 s ({@code --limit}). */
    static FixedWindow window(String spec, String reply) {
        return window(spec, reply, false);
    }

    /** "30/10s" as (30, 10 s); {@code wholeSeconds}: Postfix's anvil ({@code --anvil}). */
    static FixedWindow window(String spec, String reply, boolean wholeSeconds) {
        String option = wholeSeconds ? "--anvil" : "--limit";
        Matcher m = Pattern.compile("(\\d+)\\s*/\\s*(\\S+)").matcher(spec.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " needs N/PERIOD, e.g. 30/10s, was '" + spec + "'");
        }
        return new FixedWindow(Integer.parseInt(m.group(1)), Durations.parse(m.group(2)), reply, wholeSeconds);
    }

    private static String checkedReply(String reply) {
        String r = reply == null || reply.isBlank() ? DEFAULT_REPLY : reply.strip();
        if (!r.matches("4\\d\\d[ -].*|4\\d\\d")) {
            throw new IllegalArgumentException("--reply must be a 4xx SMTP reply (the receiver defers), was '" + r + "'");
        }
        return r;
    }

    /** The running state of a {@link FixedWindow}. */
    final class Window implements Receiver {
        private final FixedWindow model;
        private long opened = Long.MIN_VALUE;
        private long wallOffset = -1; // anvil: where in its wall-clock second virtual time 0 fell (drawn at the start)
        private int used;

        Window(FixedWindow model) {
            this.model = model;
        }

        @Override
        public Answer answer(long nanos, Random random) {
            if (opened == Long.MIN_VALUE || ended(nanos, random)) {
                opened = nanos;
                used = 0;
            }
            if (used >= model.limit()) {
                return new Answer(Kind.DEFERRED, model.reply());
            }
            used++;
            return Answer.ACCEPT;
        }

        private boolean ended(long nanos, Random random) {
            if (!model.wholeSeconds()) {
                return nanos - opened >= model.period().toNanos();
            }
            if (wallOffset < 0) {
                wallOffset = (long) (random.nextDouble() * 1e9);
            }
            long second = 1_000_000_000L;
            return Math.floorDiv(opened + wallOffset, second) + model.period().toSeconds()
                    < Math.floorDiv(nanos + wallOffset, second);
        }
    }

    /** The running state of a {@link TokenBucket}. */
    final class Bucket implements Receiver {
        private final TokenBucket model;
        private double tokens;
        private long last;

        Bucket(TokenBucket model) {
            this.model = model;
            this.tokens = model.burst();
        }

        @Override
        public Answer answer(long nanos, Random random) {
            tokens = Math.min(model.burst(), tokens + (nanos - last) / 1e9 * model.ratePerSecond());
            last = nanos;
            if (tokens < 1) {
                return new Answer(Kind.DEFERRED, model.reply());
            }
            tokens -= 1;
            return Answer.ACCEPT;
        }
    }
}
