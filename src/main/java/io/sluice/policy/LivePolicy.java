package io.sluice.policy;

import io.sluice.domains.DomainPolicies;
import io.sluice.flowcontrol.FlowControlSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy in force (bean {@code livePolicy}): every user of {@code domains.yaml} reads it through
 * {@link #current()} at each use, so a new version applies to every site at once (one atomic swap). Flow control's
 * learned state is not part of it: listeners reconfigure the sites, which keep their state.
 *
 * <p>{@link #check()} (route {@code policy-reload}, every {@code sluice.domains.reload-interval}) applies a new version
 * only when the files' hash differs from the one in force <em>and</em> the previous check read the same hash (a file
 * being written is seen changing and waits), and only when it is valid. {@link #reload()} (JMX {@code reloadPolicy})
 * applies what the files hold now without waiting. A bad version keeps the old one running: ERROR in the log naming
 * the file and key, and {@link #lastError()} (JMX, health check) until a good version is applied or the files are
 * back to the one in force. What changed is logged, one INFO line per change; what needs a restart, one WARN each.
 */
public final class LivePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(LivePolicy.class);

    /** Told after a new version is in force, to reconfigure what keeps its own copy (flow control, DKIM, pool). */
    @FunctionalInterface
    public interface Listener {
        void applied(PolicySnapshot previous, PolicySnapshot current, PolicyDiff diff);
    }

    /** What a check did. */
    public enum Outcome {
        /** The files hold the version in force. */
        UNCHANGED,
        /** The files changed since the last read: wait for them to read the same twice. */
        PENDING,
        /** A new version is in force. */
        APPLIED,
        /** The files hold an invalid version: the old one stays (see {@link #lastError()}). */
        REJECTED
    }

    private final PolicyFiles files;
    private final Clock clock;
    private final AtomicReference<PolicySnapshot> current;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Guarded by this: the hash the last check saw (not in force), and the last version rejected. */
    private String pendingHash;
    private String rejectedHash;
    private PolicyDiff lastDiff;
    private volatile String lastError = "";

    private LivePolicy(PolicyFiles files, Clock clock, PolicySnapshot first) {
        this.files = files;
        this.clock = clock;
        this.current = new AtomicReference<>(first);
    }

    /**
     * Reads the files at start.
     *
     * @throws IllegalArgumentException when they are invalid (the start stops, naming the file and key)
     */
    public static LivePolicy load(PolicyFiles files, Clock clock) {
        PolicySnapshot first = PolicySnapshot.of(files, files.read(), clock.instant());
        LOG.info("Policy {} loaded from {}", first.shortHash(), files);
        return new LivePolicy(files, clock, first);
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The version in force. */
    public PolicySnapshot current() {
        return current.get();
    }

    /** The destinations' policies in force (transports, TLS, AUTH, sites, limits). */
    public DomainPolicies policies() {
        return current.get().policies();
    }

    /** Flow control's part in force (defaults, overrides, reply rules). */
    public FlowControlSettings flowSettings() {
        return current.get().flow();
    }

    /** Route step (policy-reload): applies a changed, stable and valid version. */
    public synchronized Outcome check() {
        PolicyFiles.Contents now = files.read();
        if (now.hash().equals(current.get().hash())) {
            pendingHash = null;
            backToCurrent();
            return Outcome.UNCHANGED;
        }
        if (!now.hash().equals(pendingHash)) {
            pendingHash = now.hash(); // changed since the last read: maybe being written; wait for the next
            return Outcome.PENDING;
        }
        if (now.hash().equals(rejectedHash)) {
            return Outcome.REJECTED; // said once already
        }
        return apply(now);
    }

    /** JMX {@code reloadPolicy}: applies what the files hold now. @return a sentence saying what happened */
    public synchronized String reload() {
        PolicyFiles.Contents now = files.read();
        if (now.hash().equals(current.get().hash())) {
            backToCurrent();
            return "unchanged: policy " + current.get().shortHash() + " is in force";
        }
        Outcome outcome = apply(now);
        PolicySnapshot in = current.get();
        return outcome == Outcome.APPLIED
                ? "applied policy " + in.shortHash() + ": " + lastDiff
                : "rejected, policy " + in.shortHash() + " kept: " + lastError;
    }

    private Outcome apply(PolicyFiles.Contents contents) {
        PolicySnapshot next;
        try {
            next = PolicySnapshot.of(files, contents, clock.instant());
        } catch (RuntimeException e) {
            rejectedHash = contents.hash();
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.error("Policy {} rejected, policy {} stays in force: {}", contents.shortHash(),
                    current.get().shortHash(), lastError);
            return Outcome.REJECTED;
        }
        PolicySnapshot previous = current.getAndSet(next);
        pendingHash = null;
        rejectedHash = null;
        lastError = "";
        PolicyDiff diff = PolicyDiff.between(previous, next);
        lastDiff = diff;
        LOG.info("Policy {} in force (was {}): {} change(s)", next.shortHash(), previous.shortHash(),
                diff.changes().size());
        diff.changes().forEach(c -> LOG.info("Policy change: {}", c));
        diff.restartNeeded().forEach(c -> LOG.warn("Policy change needs a restart: {}", c));
        for (Listener l : listeners) {
            try {
                l.applied(previous, next, diff);
            } catch (RuntimeException e) {
                LOG.error("Policy {}: applying it to {} failed", next.shortHash(), l, e);
            }
        }
        return Outcome.APPLIED;
    }

    /** The files hold the version in force again: an error about another version is over. */
    private void backToCurrent() {
        if (rejectedHash != null) {
            rejectedHash = null;
            lastError = "";
            LOG.info("Policy files are back to policy {} (in force)", current.get().shortHash());
        }
    }

    /** The hash (12 hex digits) of the version in force. */
    public String hash() {
        return current.get().shortHash();
    }

    /** When the version in force came into force. */
    public Instant loadedAt() {
        return current.get().loadedAt();
    }

    /** Why the files' latest version was rejected; empty when the files hold the version in force. */
    public String lastError() {
        return lastError;
    }

    /** The files read. */
    public PolicyFiles files() {
        return files;
    }
}
