package io.sluice.flowcontrol;

import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * All {@link DomainFlow}s keyed by name (domain or MX site, lower-cased), created on first use with the
 * key's config: the default config, or a per-key override. Shares one {@link ReplyRules} set, one list of
 * listeners and one {@link GlobalSenderState}. Thread-safe; configs and rules can be swapped at runtime.
 *
 * <p>Wiring: an aggregator completes a window per key every {@link #getDefaultConfig()} window and calls
 * {@link #onGlobalWindow(Map)}; each final SMTP reply goes to {@link #onReply(String, String)}; the
 * throttle asks {@link #rateFor(String)}.
 */
public final class FlowControlRegistry {

    private final Clock clock;
    private final ConcurrentHashMap<String, DomainFlow> flows = new ConcurrentHashMap<>();
    private final AtomicReference<Configs> configs;
    private final AtomicReference<ReplyRules> rules;
    private final List<FlowEventListener> listeners = new CopyOnWriteArrayList<>();
    private final GlobalSenderState sender;
    private final ProviderGroups groups;
    private final AtomicReference<WindowJudge> judge = new AtomicReference<>(byKey -> byKey.forEach(this::judgeHere));
    private volatile boolean sharesOnly;

    private record Configs(FlowControlConfig defaults, Map<String, FlowControlConfig> overrides) {
        FlowControlConfig configFor(String key) {
            return overrides.getOrDefault(key, defaults);
        }
    }

    private FlowControlRegistry(Builder b) {
        this.clock = b.clock;
        this.configs = new AtomicReference<>(new Configs(b.defaultConfig, normalize(b.overrides)));
        this.rules = new AtomicReference<>(b.rules);
        this.listeners.addAll(b.listeners);
        this.sender = new GlobalSenderState(b.senderConfig, clock, listeners);
        this.groups = new ProviderGroups(b.groupOf);
    }

    /** Defaults everywhere, no rules. */
    public static FlowControlRegistry ofDefaults(Clock clock) {
        return custom().clock(clock).build();
    }

    /** A registry configured from {@code domains.yaml}. */
    public static FlowControlRegistry of(FlowControlSettings settings, Clock clock) {
        return custom().settings(settings).clock(clock).build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** Normalizes a key: trimmed, lower case, without a trailing dot. */
    public static String normalizeKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("flow key must not be blank, was " + key);
        }
        String k = key.trim().toLowerCase(Locale.ROOT);
        return k.endsWith(".") ? k.substring(0, k.length() - 1) : k;
    }

    /** The flow of {@code key}, created with its config on first use. */
    public DomainFlow flow(String key) {
        String k = normalizeKey(key);
        return flows.computeIfAbsent(k, n -> {
            FlowControlConfig config = configFor(n);
            // a site seen for the first time starts from what its provider group has learned, if anything
            LearnedLimit learned = groups.learnedFor(n);
            return inSharesMode(learned.isEmpty() ? new DomainFlow(n, config, rules::get, clock, listeners)
                    : new DomainFlow(n, config, FlowState.initial(config, clock.instant(), learned), rules::get, clock,
                    listeners));
        });
    }

    /**
     * Other instances send to the same sites (several alive, one state per site): a renewal measures only this
     * instance's share of a receiver's rate (see {@link DomainFlow#measureSharesOnly}).
     */
    public void measureSharesOnly(boolean b) {
        sharesOnly = b;
        flows.values().forEach(f -> f.measureSharesOnly(b));
    }

    /** A new flow, measuring shares only if the others do (see above). */
    private DomainFlow inSharesMode(DomainFlow f) {
        f.measureSharesOnly(sharesOnly);
        return f;
    }

    /** The flow of {@code key} if it exists. */
    public Optional<DomainFlow> find(String key) {
        return Optional.ofNullable(flows.get(normalizeKey(key)));
    }

    /** Msg/s allowed to {@code key} now: 0 while the sender is paused or the key is suspended. */
    public double rateFor(String key) {
        return senderPaused() ? 0 : flow(key).currentRate();
    }

    /** Checks a final SMTP reply from {@code key} against the rules; see {@link DomainFlow#onReply(String)}. */
    public Optional<ReplyRule> onReply(String key, String reply) {
        return flow(key).onReply(reply);
    }

    /**
     * One attempt's outcome from {@code key} as it comes back (see {@link DomainFlow#onAttempt(Outcome, int)}).
     *
     * @param inFlight attempts to {@code key} still under way
     */
    public void onAttempt(String key, Outcome outcome, int inFlight) {
        flow(key).onAttempt(outcome, inFlight);
    }

    /**
     * One completed window for all keys: judged globally first; only when the sender is healthy is each
     * key's window fed to its flow (so a sender problem never pushes domains into backoff).
     *
     * @return true when the windows were fed to the flows, false when the sender has a problem
     */
    public boolean onGlobalWindow(Map<String, WindowCounts> perKeyWindow) {
        Map<String, WindowCounts> byKey = new HashMap<>();
        perKeyWindow.forEach((k, w) -> byKey.merge(normalizeKey(k), Objects.requireNonNull(w, "window of " + k),
                WindowCounts::plus));
        if (sender.onWindow(byKey, this::configFor)) {
            return false;
        }
        judge.get().judge(byKey);
        return true;
    }

    /** Sets who judges the sites' windows (several instances: io.sluice.cluster.SharedFlowState). */
    public void judgeWindowsWith(WindowJudge windowJudge) {
        judge.set(Objects.requireNonNull(windowJudge, "windowJudge"));
    }

    /** Judges one window of {@code key} on this instance alone (the default {@link WindowJudge}). */
    public void judgeHere(String key, WindowCounts window) {
        judgeHere(key, window, Double.NaN);
    }

    /** As above, with the site's rate added up from every instance's measured share (NaN: none). */
    public void judgeHere(String key, WindowCounts window, double siteRate) {
        DomainFlow f = flow(key);
        f.onWindow(window);
        f.onSiteRate(siteRate);
        groups.learned(f.getKey(), f.state().learned());
    }

    /**
     * Takes the state another instance judged or changed (see {@link DomainFlow#follow}); a key without a flow yet
     * starts from it.
     */
    public void follow(String key, FlowState shared, String cause) {
        if (!restore(key, shared)) {
            DomainFlow f = flow(key);
            f.follow(shared, cause);
            groups.learned(f.getKey(), f.state().learned());
        }
    }

    /** True while the sender has a problem of its own: send nothing. */
    public boolean senderPaused() {
        return sender.senderPaused();
    }

    public GlobalSenderState getSenderState() {
        return sender;
    }

    /** Snapshots of all flows, sorted by key. */
    public Collection<FlowSnapshot> snapshots() {
        return flows.values().stream().map(DomainFlow::snapshot)
                .sorted(Comparator.comparing(FlowSnapshot::key)).collect(Collectors.toUnmodifiableList());
    }

    /** The config a flow of {@code key} gets (override or default). */
    public FlowControlConfig configFor(String key) {
        return configs.get().configFor(normalizeKey(key));
    }

    public FlowControlConfig getDefaultConfig() {
        return configs.get().defaults;
    }

    public ReplyRules getRules() {
        return rules.get();
    }

    /** Swaps the rule set atomically; every flow uses it from its next reply. */
    public void replaceRules(ReplyRules newRules) {
        rules.set(Objects.requireNonNull(newRules, "rules"));
    }

    /** Swaps default and per-key configs and rules (e.g. reloaded domains.yaml); existing flows are reconfigured. */
    public void reconfigure(FlowControlSettings settings) {
        configs.set(new Configs(settings.defaults(), normalize(settings.domains())));
        rules.set(settings.rules());
        flows.forEach((k, f) -> f.reconfigure(configFor(k)));
    }

    /** What every flow has learned now, by key (plain values to store: {@link FlowState#toMap()}). */
    public Map<String, FlowState> states() {
        Map<String, FlowState> states = new HashMap<>();
        flows.forEach((k, f) -> states.put(k, f.state()));
        return states;
    }

    /**
     * Goes on from a stored state (after a restart): the key's flow, if it has none yet, starts from {@code state}
     * under the key's current config, and its provider group learns its limit.
     *
     * @return false when the key already had a flow (its live state is kept)
     */
    public boolean restore(String key, FlowState state) {
        String k = normalizeKey(key);
        boolean[] created = {false};
        DomainFlow f = flows.computeIfAbsent(k, n -> {
            created[0] = true;
            return inSharesMode(new DomainFlow(n, configFor(n), Objects.requireNonNull(state, "state"), rules::get,
                    clock, listeners));
        });
        if (created[0]) {
            groups.learned(k, f.state().learned());
        }
        return created[0];
    }

    /** Forgets a flow (e.g. an idle NORMAL one); the next use starts a fresh one. */
    public boolean remove(String key) {
        return flows.remove(normalizeKey(key)) != null;
    }

    public void addListener(FlowEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(FlowEventListener listener) {
        listeners.remove(listener);
    }

    private static Map<String, FlowControlConfig> normalize(Map<String, FlowControlConfig> overrides) {
        Map<String, FlowControlConfig> m = new HashMap<>();
        overrides.forEach((k, v) -> m.put(normalizeKey(k), Objects.requireNonNull(v, "config of " + k)));
        return Map.copyOf(m);
    }

    /** Builder of a registry. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private FlowControlConfig defaultConfig = FlowControlConfig.ofDefaults();
        private final Map<String, FlowControlConfig> overrides = new HashMap<>();
        private ReplyRules rules = ReplyRules.empty();
        private SenderHealthConfig senderConfig = SenderHealthConfig.ofDefaults();
        private final List<FlowEventListener> listeners = new CopyOnWriteArrayList<>();
        private Function<String, String> groupOf = ProviderGroups::byMxDomain;

        private Builder() {
        }

        public Builder clock(Clock v) {
            this.clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        public Builder defaultConfig(FlowControlConfig v) {
            this.defaultConfig = Objects.requireNonNull(v, "defaultConfig");
            return this;
        }

        public Builder override(String key, FlowControlConfig v) {
            this.overrides.put(normalizeKey(key), Objects.requireNonNull(v, "config of " + key));
            return this;
        }

        public Builder overrides(Map<String, FlowControlConfig> v) {
            v.forEach(this::override);
            return this;
        }

        public Builder rules(ReplyRules v) {
            this.rules = Objects.requireNonNull(v, "rules");
            return this;
        }

        public Builder senderConfig(SenderHealthConfig v) {
            this.senderConfig = Objects.requireNonNull(v, "senderConfig");
            return this;
        }

        /** Default config, per-domain overrides, rules and sender config from {@code domains.yaml}. */
        public Builder settings(FlowControlSettings s) {
            defaultConfig(s.defaults());
            overrides(s.domains());
            rules(s.rules());
            senderConfig(s.sender());
            return this;
        }

        /**
         * The provider group of a flow key (null: none), whose learned limit a key seen for the first time starts
         * from; by default {@link ProviderGroups#byMxDomain}.
         */
        public Builder groupOf(Function<String, String> v) {
            this.groupOf = Objects.requireNonNull(v, "groupOf");
            return this;
        }

        public Builder listener(FlowEventListener l) {
            this.listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        public FlowControlRegistry build() {
            return new FlowControlRegistry(this);
        }
    }
}
