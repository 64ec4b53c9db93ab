package io.sluice.flowcontrol;

import java.time.Instant;

/**
 * How a {@link LearnedLimit} shapes the rate (the idea of TCP CUBIC's plateau): below the plateau
 * ({@code plateauShare} of the deferral onset) a clean window jumps straight to it; from there the rate climbs
 * carefully, a quarter of {@code rampUpFactor}'s step per window, until it passes the onset cleanly (the limit rose:
 * the onset is forgotten and the normal ramp resumes). The first cut of an episode at the known limit (from NORMAL,
 * within {@code 1/plateauShare} of the onset) only steps back to the plateau; any other cut is
 * {@code backoffFactor}'s. Stateless: the learned values live in {@link FlowState}.
 */
final class LearnedSteps {

    private LearnedSteps() {
    }

    /** The rate after a deferral-driven cut of {@code s} (learning from it is {@link #learnCut}). */
    static double cut(FlowControlConfig config, FlowState s) {
        double rate = s.rate();
        LearnedLimit l = s.learned();
        double share = config.getPlateauShare();
        if (s.state() == DomainFlow.State.NORMAL && l.onsetKnown()) {
            // the first cut of an episode with the limit known: by plateauShare near it (the careful climb beyond it
            // found it again), to just under it from far above (a flow that had forgotten it, or a jump)
            double to = rate * share <= l.deferralOnsetRate() ? rate * share : l.deferralOnsetRate() * share;
            return Math.max(to, Math.min(config.getMinRate(), rate));
        }
        return RateStep.of(config).cut(rate);
    }

    /**
     * Deferrals began at {@code s}'s rate (the first cut of an episode: from NORMAL, and only if the receiver accepted
     * something lately); a cut in BACKOFF keeps it. With {@code sharesOnly} (other instances send to the site too) a
     * guess teaches nothing: see {@link #guesses}.
     */
    static FlowState learnCut(FlowControlConfig config, FlowState s, Instant now, boolean sharesOnly) {
        if (!guesses(config, sharesOnly) || s.state() != DomainFlow.State.NORMAL || !acceptedLately(s)) {
            return s; // a receiver deferring everything has no rate limit to learn (an outage, a block)
        }
        return s.withLearned(s.learned().deferredAt(s.rate(), now));
    }

    /** True when the receiver accepted something lately: among the watched attempts, this window or the last. */
    static boolean acceptedLately(FlowState s) {
        BurstWatch b = s.burst();
        return b.count() > b.badAmongLast(b.count()) || s.evidence().counts().accepted() > 0
                || s.lastWindow().accepted() > 0;
    }

    /**
     * A bad window that still got {@code ev}'s accepted mail through: that is where deferrals begin, if lower; unless
     * the attempts {@code watched} in it had their deferrals scattered ({@link BurstWatch#deferralsScattered}), or
     * other instances send to the site too ({@link #guesses}).
     */
    static FlowState learnBadWindow(FlowControlConfig config, FlowState s, WindowEvidence ev, BurstWatch watched,
                                    Instant now, boolean sharesOnly) {
        if (!guesses(config, sharesOnly) || watched.deferralsScattered()) {
            return s;
        }
        double seconds = config.getWindow().toMillis() / 1000.0 * Math.max(1, ev.windows());
        return s.withLearned(s.learned().acceptedWhileDeferred(ev.counts().accepted() / seconds, now));
    }

    /**
     * One attempt's outcome for the receiver's rhythm ({@link QuotaCycle}): a renewal (the first acceptance after a
     * run of deferrals) measures its rate over the span it closes, and that is where deferrals begin. With
     * {@code sharesOnly} (other instances send to the site too) it is only this instance's share of the receiver's
     * rate: kept for the site's judgement to add up ({@link QuotaCycle#unreported}), not learned here.
     */
    static FlowState learnCycle(FlowControlConfig config, FlowState s, boolean bad, Instant now, boolean sharesOnly) {
        if (!config.learnsLimits() && config.getReactAfterBadInRow() == 0) {
            return s;
        }
        // the cycle is followed for the early reaction too: it cuts only once a quota is used up
        QuotaCycle cycle = s.burst().cycle();
        double measured = config.learnsLimits() ? cycle.rateClosedBy(bad, now, config.getWindow()) : Double.NaN;
        QuotaCycle after = cycle.plus(bad, now);
        if (!Double.isNaN(measured) && sharesOnly) {
            return s.withBurst(s.burst().withCycle(after.withUnreported(QuotaShare.at(measured, after.from()))));
        }
        FlowState next = s.withBurst(s.burst().withCycle(after));
        return Double.isNaN(measured) ? next : next.withLearned(next.learned().measuredAt(measured, now));
    }

    /** The site's rate measured by adding up every instance's share ({@link #learnCycle}); NaN: none. */
    static FlowState learnSiteRate(FlowControlConfig config, FlowState s, double rate, Instant now) {
        return !config.learnsLimits() || Double.isNaN(rate) ? s : s.withLearned(s.learned().measuredAt(rate, now));
    }

    /**
     * A clean window at {@code s}'s rate, sent at (at least half) that rate; with {@code sharesOnly} a guess too
     * ({@link #guesses}).
     */
    static FlowState learnClean(FlowControlConfig config, FlowState s, Instant now, boolean sharesOnly) {
        if (!guesses(config, sharesOnly)) {
            return s;
        }
        return s.withLearned(s.learned().cleanAt(s.rate(), config.getPlateauShare(), now));
    }

    /** The rate after a clean window: up to the plateau at once, carefully beyond it, else {@code rampUpFactor}. */
    static double raise(FlowControlConfig config, FlowState s, double ceiling) {
        double rate = s.rate();
        LearnedLimit l = s.learned();
        double plateau = l.plateau(config.getPlateauShare());
        if (!Double.isNaN(plateau) && rate < plateau) {
            return Math.min(ceiling, plateau);
        }
        if (l.onsetKnown()) {
            double careful = 1 + (config.getRampUpFactor() - 1) / 4;
            return Math.min(ceiling, rate * careful);
        }
        return RateStep.of(config).raise(rate, ceiling);
    }

    /**
     * True when a guess may teach a limit: a cut's rate, a bad window's accepted share, a clean window's rate. Not
     * while other instances send to the site ({@code sharesOnly}): only their measured shares added up do. A window
     * holding part of a receiver's period guesses far too low (2.5 msg/s for a receiver taking 10 in 5 s periods,
     * judged in 2 s windows), and a clean window at the start of a period far too high (20). Alone, the next renewal
     * measured corrects a guess within a period; with several instances only a renewal every one of them measured does,
     * which is rarer: a low guess held three instances at a quarter of the site's rate for the rest of the delivery (300
     * messages in 71 s, ideal 30), and a high one sent them back to 20 msg/s after every cut. The windows' plain steps
     * do without either.
     */
    static boolean guesses(FlowControlConfig config, boolean sharesOnly) {
        return config.learnsLimits() && !sharesOnly;
    }

    /** True when the rate is above the known deferral onset. */
    static boolean aboveOnset(FlowState s) {
        return s.learned().onsetKnown() && s.rate() > s.learned().deferralOnsetRate();
    }

    /** True when a clean window in BACKOFF may jump to the plateau rather than only return to NORMAL. */
    static boolean belowPlateau(FlowControlConfig config, FlowState s) {
        double plateau = s.learned().plateau(config.getPlateauShare());
        return !Double.isNaN(plateau) && s.rate() < plateau;
    }
}
