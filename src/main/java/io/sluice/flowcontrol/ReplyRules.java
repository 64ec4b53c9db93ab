package io.sluice.flowcontrol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** An immutable ordered list of {@link ReplyRule}s: the first rule that matches a reply wins. Names are unique. */
public final class ReplyRules {

    private static final ReplyRules EMPTY = new ReplyRules(List.of());

    private final List<ReplyRule> rules;

    private ReplyRules(List<ReplyRule> rules) {
        this.rules = rules;
    }

    public static ReplyRules empty() {
        return EMPTY;
    }

    public static ReplyRules of(ReplyRule... rules) {
        return of(List.of(rules));
    }

    /** @throws IllegalArgumentException on a duplicate rule name */
    public static ReplyRules of(List<ReplyRule> rules) {
        List<ReplyRule> copy = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (ReplyRule r : copy) {
            if (!names.add(r.getName())) {
                throw new IllegalArgumentException("rules must have unique names, was " + r.getName() + " twice");
            }
        }
        return new ReplyRules(copy);
    }

    /**
     * These rules first, then {@code later}'s (e.g. the user's rules layered before the shipped ones).
     * A rule of {@code later} whose name is already here is dropped: the earlier one overrides it.
     */
    public ReplyRules then(ReplyRules later) {
        List<ReplyRule> all = new ArrayList<>(rules);
        Set<String> names = new HashSet<>();
        rules.forEach(r -> names.add(r.getName()));
        for (ReplyRule r : later.rules) {
            if (names.add(r.getName())) {
                all.add(r);
            }
        }
        return new ReplyRules(List.copyOf(all));
    }

    /** The first rule whose pattern is found in {@code reply}. */
    public Optional<ReplyRule> firstMatch(String reply) {
        if (reply == null || reply.isEmpty()) {
            return Optional.empty();
        }
        for (ReplyRule r : rules) {
            if (r.matches(reply)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * True when the rule that wins for {@code reply} ("code enhanced-code text") is an authentication rule: the
     * same first-match decision flow control takes, so a user's rule placed before a shipped one decides both.
     */
    public boolean isAuthentication(String reply) {
        return firstMatch(reply).map(ReplyRule::isAuthentication).orElse(false);
    }

    public Optional<ReplyRule> byName(String name) {
        return rules.stream().filter(r -> r.getName().equals(name)).findFirst();
    }

    /** The rules in order (unmodifiable). */
    public List<ReplyRule> asList() {
        return rules;
    }

    public int size() {
        return rules.size();
    }

    @Override
    public String toString() {
        return "ReplyRules" + rules;
    }
}
