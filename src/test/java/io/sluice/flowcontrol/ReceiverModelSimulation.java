package io.sluice.flowcontrol;

import io.sluice.testsupport.TestClock;
import io.sluice.flowcontrol.DomainFlow.State;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The real flow-control classes ({@link DomainFlow}) against receiver models, in virtual time (an injected
 * {@link TestClock}; a run of minutes takes milliseconds). Each flow has a backlog of {@code messages}; a message is
 * sent at its flow's next slot (1 / rate after the last), reaches the receiver after a random delay up to
 * {@code jitter}, and its reply comes back {@code latency} later (until then it is in flight, which is what one cut
 * per burst waits for). A deferred message is tried again {@code retryDelay} later. The sender has {@code threads}
 * sessions shared by all flows (a send waits for a free one), so a limited domain's deferrals can slow a healthy
 * one. Windows close every {@code window} of the first flow's config. Replies go to the flow as in Sluice's result
 * route: the reply rules first ({@link DomainFlow#onReply}), then the attempt's outcome
 * ({@link DomainFlow#onAttempt}), then the window's counts ({@link DomainFlow#onWindow}).
 */
final class ReceiverModelSimulation {

    /** What a receiver answers to a message arriving at {@code nanos} (virtual time since the start). */
    interface Receiver {
        /** @return null when accepted, else the 4xx reply */
        String receive(long nanos);
    }

    /**
     * Accepts {@code limit} messages per {@code period}, in a fixed window opened by the first message accepted after
     * the previous one ended (as Postfix's anvil-like limits and the in-JVM simulator count), answers {@code reply}
     * beyond.
     */
    static Receiver fixedWindow(int limit, Duration period, String reply) {
        long length = period.toNanos();
        return new Receiver() {
            long opened = Long.MIN_VALUE / 2;
            int used;

            @Override
            public String receive(long nanos) {
                if (nanos - opened >= length) {
                    opened = nanos;
                    used = 0;
                }
                if (used >= limit) {
                    return reply;
                }
                used++;
                return null;
            }
        };
    }

    /** Accepts everything. */
    static Receiver healthy() {
        return nanos -> null;
    }

    /** One domain of a run: its flow, receiver and backlog. */
    record Domain(String key, FlowControlConfig config, FlowState start, Receiver receiver, int messages) {
        Domain(String key, FlowControlConfig config, Receiver receiver, int messages) {
            this(key, config, null, receiver, messages);
        }
    }

    /**
     * What one domain got.
     *
     * @param seconds time until its last message was accepted
     * @param state   its flow's state at the end (what it learned)
     */
    record Outcome(String key, int delivered, long deferred, double seconds, FlowState state, List<double[]> rates) {

        double deferredShareOfMessages() {
            return deferred / (double) Math.max(1, delivered);
        }
    }

    /** The sender's side: sessions, latency, jitter, retry delay, seed. */
    record Sender(int threads, Duration latency, Duration jitter, Duration retryDelay, long seed) {
        static Sender typical() {
            return new Sender(8, Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofSeconds(1), 42);
        }
    }

    private record Event(long at, long seq, int kind, int domain, String reply) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private static final int SEND = 0;
    private static final int ARRIVE = 1;
    private static final int REPLY = 2;
    private static final int WINDOW = 3;
    private static final long IDLE_RECHECK = Duration.ofMillis(100).toNanos();

    private ReceiverModelSimulation() {
    }

    /** Runs until every domain's backlog is delivered or {@code limit} has passed; the first window is a whole one. */
    static List<Outcome> run(List<Domain> domains, Sender sender, Duration limit) {
        return run(domains, sender, limit, domains.get(0).config().getWindow());
    }

    /**
     * As above, the first window closing {@code firstWindow} after the first message: Sluice's windows run from the
     * service's start, not from a site's first message, so a receiver's period and a window are rarely aligned.
     */
    static List<Outcome> run(List<Domain> domains, Sender sender, Duration limit, Duration firstWindow) {
        // a flow restored from a stored state goes on an hour after the run that left it (its times are behind)
        boolean restored = domains.stream().anyMatch(d -> d.start() != null);
        TestClock clock = TestClock.at(restored ? TestClock.T0.plus(Duration.ofHours(1)) : TestClock.T0);
        Random random = new Random(sender.seed());
        int n = domains.size();
        DomainFlow[] flows = new DomainFlow[n];
        int[] fresh = new int[n];
        int[] delivered = new int[n];
        int[] inFlight = new int[n];
        long[] deferred = new long[n];
        long[] lastAccepted = new long[n];
        WindowCounts[] window = new WindowCounts[n];
        List<ArrayDeque<Long>> retries = new ArrayList<>();
        List<List<double[]>> rates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Domain d = domains.get(i);
            flows[i] = d.start() == null ? new DomainFlow(d.key(), d.config(), DomainFlowTest.RULES, clock)
                    : new DomainFlow(d.key(), d.config(), DomainFlowTest.RULES, clock, d.start());
            fresh[i] = d.messages();
            window[i] = WindowCounts.EMPTY;
            retries.add(new ArrayDeque<>());
            rates.add(new ArrayList<>());
        }
        PriorityQueue<Event> events = new PriorityQueue<>();
        long[] seq = {0};
        long windowNanos = domains.get(0).config().getWindow().toNanos();
        events.add(new Event(firstWindow.toNanos(), seq[0]++, WINDOW, -1, null));
        for (int i = 0; i < n; i++) {
            events.add(new Event(0, seq[0]++, SEND, i, null));
        }
        ArrayDeque<Integer> waitingForThread = new ArrayDeque<>();
        int busy = 0;
        long now = 0;
        long end = limit.toNanos();
        while (!events.isEmpty() && !allDelivered(domains, delivered)) {
            Event e = events.poll();
            if (e.at() > end) {
                break;
            }
            clock.advance(Duration.ofNanos(e.at() - now));
            now = e.at();
            int i = e.domain();
            switch (e.kind()) {
                case WINDOW -> {
                    for (int k = 0; k < n; k++) {
                        if (Boolean.getBoolean("sim.trace")) {
                            System.out.printf("  t=%.1f %s %s -> ", now / 1e9, window[k], flows[k].state().state());
                        }
                        flows[k].onWindow(window[k]);
                        if (Boolean.getBoolean("sim.trace")) {
                            System.out.printf("%s %.2f %s%n", flows[k].state().state(), flows[k].currentRate(),
                                    flows[k].state().learned().describe());
                        }
                        window[k] = WindowCounts.EMPTY;
                        rates.get(k).add(new double[] {now / 1e9, flows[k].currentRate()});
                    }
                    events.add(new Event(now + windowNanos, seq[0]++, WINDOW, -1, null));
                }
                case SEND -> {
                    double rate = flows[i].currentRate();
                    ArrayDeque<Long> due = retries.get(i);
                    boolean retryDue = !due.isEmpty() && due.peekFirst() <= now;
                    if (rate <= 0 || fresh[i] == 0 && !retryDue) {
                        if (fresh[i] > 0 || !due.isEmpty() || inFlight[i] > 0) {
                            long next = rate <= 0 || due.isEmpty() ? now + IDLE_RECHECK : Math.max(now + 1, due.peekFirst());
                            events.add(new Event(next, seq[0]++, SEND, i, null));
                        }
                        break;
                    }
                    if (busy >= sender.threads()) {
                        waitingForThread.add(i);
                        break;
                    }
                    busy++;
                    if (retryDue) {
                        due.pollFirst();
                    } else {
                        fresh[i]--;
                    }
                    inFlight[i]++;
                    long jitter = (long) (random.nextDouble() * sender.jitter().toNanos());
                    events.add(new Event(now + jitter, seq[0]++, ARRIVE, i, null));
                    events.add(new Event(now + (long) (1e9 / rate), seq[0]++, SEND, i, null));
                }
                case ARRIVE -> events.add(new Event(now + sender.latency().toNanos(), seq[0]++, REPLY, i,
                        domains.get(i).receiver().receive(now)));
                case REPLY -> {
                    double before = flows[i].currentRate();
                    State stateBefore = flows[i].state().state();
                    busy--;
                    inFlight[i]--;
                    if (e.reply() == null) {
                        delivered[i]++;
                        lastAccepted[i] = now;
                        window[i] = window[i].plus(io.sluice.flowcontrol.Outcome.ACCEPTED);
                        flows[i].onAttempt(io.sluice.flowcontrol.Outcome.ACCEPTED, inFlight[i]);
                    } else {
                        deferred[i]++;
                        retries.get(i).addLast(now + sender.retryDelay().toNanos());
                        window[i] = window[i].plus(io.sluice.flowcontrol.Outcome.DEFERRAL);
                        flows[i].onReply(e.reply());
                        flows[i].onAttempt(io.sluice.flowcontrol.Outcome.DEFERRAL, inFlight[i]);
                    }
                    if (Boolean.getBoolean("sim.trace") && (before != flows[i].currentRate()
                            || stateBefore != flows[i].state().state())) {
                        System.out.printf("    t=%.2f %s after %s: %s %.2f -> %s %.2f (%s)%n", now / 1e9, domains.get(i).key(),
                                e.reply() == null ? "acceptance" : "deferral", stateBefore, before,
                                flows[i].state().state(), flows[i].currentRate(), flows[i].state().learned().describe());
                    }
                    Integer waiting = waitingForThread.pollFirst();
                    if (waiting != null) {
                        events.add(new Event(now, seq[0]++, SEND, waiting, null));
                    }
                }
                default -> throw new IllegalStateException("unknown event " + e);
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Outcome(domains.get(i).key(), delivered[i], deferred[i], lastAccepted[i] / 1e9,
                    flows[i].state(), rates.get(i)));
        }
        return out;
    }

    private static boolean allDelivered(List<Domain> domains, int[] delivered) {
        for (int i = 0; i < delivered.length; i++) {
            if (delivered[i] < domains.get(i).messages()) {
                return false;
            }
        }
        return true;
    }
}
