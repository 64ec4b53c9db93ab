package io.sluice.flowcontrol;

import java.util.Objects;

/**
 * The last attempts of a flow, one by one, as plain values: what lets a run of deferrals or refusals cut the rate at
 * once, without waiting for the window to close. A run triggers when {@code reactAfterBadInRow} attempts in a row were
 * deferred or refused, or when at least {@code reactErrorRatio} of the last {@code reactRecentAttempts} were, and the
 * deferrals began after a clean run of acceptances (a receiver's quota used up, {@link QuotaCycle#quotaUsedUp}). After
 * an early cut the replies of the attempts still under way when it was made ({@code hold}: they were sent at the old
 * rate) are not counted, so one burst of bad replies cuts once; the window's close clears the watch. Only a bad
 * attempt cuts: an acceptance ends a run. It also carries the receiver's rhythm ({@link QuotaCycle}), which outlives
 * cuts and windows.
 *
 * @param recent    the last attempts, newest in bit 0, a set bit a deferral or refusal
 * @param count     how many of {@code recent}'s bits are attempts (at most 64)
 * @param badInRow  deferrals or refusals in a row, newest last
 * @param hold      replies still to come back from attempts made before the last early cut
 * @param cycle     the receiver's rhythm, measured across cuts and windows (learned limits)
 */
public record BurstWatch(long recent, int count, int badInRow, int hold, QuotaCycle cycle) {

    /** Nothing watched. */
    public static final BurstWatch EMPTY = new BurstWatch(0, 0, 0, 0, QuotaCycle.EMPTY);

    /** The most attempts the watch remembers. */
    static final int CAPACITY = Long.SIZE;

    public BurstWatch {
        if (count < 0 || count > CAPACITY || badInRow < 0 || hold < 0) {
            throw new IllegalArgumentException("burst watch counts out of range: count " + count + ", badInRow "
                    + badInRow + ", hold " + hold);
        }
        Objects.requireNonNull(cycle, "cycle");
    }

    /** One more attempt; a reply held back after a cut only counts down the hold. */
    BurstWatch plus(boolean bad) {
        if (hold > 0) {
            return new BurstWatch(0, 0, 0, hold - 1, cycle);
        }
        return new BurstWatch(recent << 1 | (bad ? 1 : 0), Math.min(CAPACITY, count + 1), bad ? badInRow + 1 : 0, 0,
                cycle);
    }

    /**
     * True when the run of bad attempts calls for a cut now: only on a bad attempt (an acceptance never cuts, even
     * with bad ones before it among the last), never while replies from before a cut are awaited, and only when the
     * run follows a receiver's quota used up ({@link QuotaCycle#quotaUsedUp}; {@code firstCut}: the flow is in NORMAL).
     */
    boolean triggers(FlowControlConfig config, boolean firstCut) {
        if (hold > 0 || badInRow == 0 || config.getReactAfterBadInRow() == 0) {
            return false;
        }
        if (!cycle.quotaUsedUp(firstCut)) {
            return false;
        }
        if (badInRow >= config.getReactAfterBadInRow()) {
            return true;
        }
        int n = config.getReactRecentAttempts();
        return count >= n && badAmongLast(n) >= config.getReactErrorRatio() * n;
    }

    /**
     * True when more than a quarter of the watched deferrals came alone, between two acceptances: a receiver deferring
     * a share of messages at random (30 % at random: half come alone), not a quota used up (deferrals in a run until
     * its period ends). What a bad window got through then is only Sluice's own rate less that share, no limit to
     * learn: against 30 % deferred at random, learning it made the recovery climb carefully from 0.6 msg/s
     * ({@code simulate --defer 30 --for 1m}).
     */
    boolean deferralsScattered() {
        int alone = 0;
        for (int i = 1; i < count - 1; i++) {
            if ((recent >>> i & 1) != 0 && (recent >>> (i - 1) & 1) == 0 && (recent >>> (i + 1) & 1) == 0) {
                alone++;
            }
        }
        return alone * 4 > badAmongLast(count);
    }

    /** Deferrals or refusals among the last {@code n} attempts. */
    int badAmongLast(int n) {
        long mask = n >= CAPACITY ? -1L : (1L << n) - 1;
        return Long.bitCount(recent & mask);
    }

    /** After any cut (a rule's, a window's): the run starts again; replies still awaited stay awaited. */
    BurstWatch afterAnyCut() {
        return new BurstWatch(0, 0, 0, hold, cycle);
    }

    /** The window closed: replies from before an early cut are no longer awaited. */
    BurstWatch released() {
        return hold == 0 ? this : new BurstWatch(recent, count, badInRow, 0, cycle);
    }

    /** After an early cut: forget the run, and skip the replies of the {@code inFlight} attempts still under way. */
    BurstWatch afterCut(int inFlight) {
        return new BurstWatch(0, 0, 0, Math.max(0, inFlight), cycle);
    }

    BurstWatch withCycle(QuotaCycle c) {
        return c.equals(cycle) ? this : new BurstWatch(recent, count, badInRow, hold, c);
    }
}
