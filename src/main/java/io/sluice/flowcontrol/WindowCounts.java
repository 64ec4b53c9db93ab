package io.sluice.flowcontrol;

/**
 * What happened to the attempts towards one key during one aggregation window. Every attempt ends in
 * exactly one outcome, so the outcome counts add up to at most {@code attempts}.
 *
 * @param attempts           delivery attempts made (including our own failures)
 * @param accepted           2xx: accepted by the receiver
 * @param deferrals          4xx replies: temporary refusals, throttling (counts as bad)
 * @param connectionFailures connect, TLS or handshake failures, timeouts (counts as bad)
 * @param hardFailures       5xx about the recipient (e.g. 5.1.1 unknown user): never a reason to slow down
 * @param policyFailures     5xx policy or reputation blocks (5.7.x spam, rate, blocked): counts as bad
 * @param internalFailures   our own errors (database, template, relay down): never held against the domain
 */
public record WindowCounts(long attempts, long accepted, long deferrals, long connectionFailures,
                           long hardFailures, long policyFailures, long internalFailures) {

    /** No attempt. */
    public static final WindowCounts EMPTY = new WindowCounts(0, 0, 0, 0, 0, 0, 0);

    public WindowCounts {
        check("attempts", attempts);
        check("accepted", accepted);
        check("deferrals", deferrals);
        check("connectionFailures", connectionFailures);
        check("hardFailures", hardFailures);
        check("policyFailures", policyFailures);
        check("internalFailures", internalFailures);
        long outcomes = accepted + deferrals + connectionFailures + hardFailures + policyFailures + internalFailures;
        if (outcomes > attempts) {
            throw new IllegalArgumentException("window outcomes (" + outcomes + ") must be <= attempts, was " + attempts);
        }
    }

    /** Counts whose attempts are the sum of the outcomes. */
    public static WindowCounts of(long accepted, long deferrals, long connectionFailures, long hardFailures,
                                  long policyFailures, long internalFailures) {
        return new WindowCounts(accepted + deferrals + connectionFailures + hardFailures + policyFailures
                + internalFailures, accepted, deferrals, connectionFailures, hardFailures, policyFailures,
                internalFailures);
    }

    /** The sum of both windows. */
    public WindowCounts plus(WindowCounts other) {
        return new WindowCounts(attempts + other.attempts, accepted + other.accepted, deferrals + other.deferrals,
                connectionFailures + other.connectionFailures, hardFailures + other.hardFailures,
                policyFailures + other.policyFailures, internalFailures + other.internalFailures);
    }

    /** One more attempt with this outcome. */
    public WindowCounts plus(Outcome outcome) {
        return plus(outcome, 1);
    }

    /** {@code n} more attempts with this outcome. */
    public WindowCounts plus(Outcome outcome, long n) {
        switch (outcome) {
            case ACCEPTED:
                return plus(of(n, 0, 0, 0, 0, 0));
            case DEFERRAL:
                return plus(of(0, n, 0, 0, 0, 0));
            case CONNECTION_FAILURE:
                return plus(of(0, 0, n, 0, 0, 0));
            case HARD_FAILURE:
                return plus(of(0, 0, 0, n, 0, 0));
            case POLICY_FAILURE:
                return plus(of(0, 0, 0, 0, n, 0));
            case INTERNAL_FAILURE:
                return plus(of(0, 0, 0, 0, 0, n));
            default:
                throw new IllegalArgumentException("unknown outcome " + outcome);
        }
    }

    /** Attempts that reached (or tried to reach) the destination: {@code attempts - internalFailures}. */
    public long domainAttempts() {
        return attempts - internalFailures;
    }

    /** Attempts that speak against sending faster: deferrals, connection failures and policy failures. */
    public long badCount() {
        return deferrals + connectionFailures + policyFailures;
    }

    /** {@code badCount() / domainAttempts()}, 0 when nothing reached the destination. */
    public double errorRatio() {
        long d = domainAttempts();
        return d == 0 ? 0 : (double) badCount() / d;
    }

    /**
     * {@code (connectionFailures + policyFailures) / domainAttempts()}, 0 when nothing reached the destination: the
     * share of attempts refused rather than deferred. A 4xx deferral is the receiver asking us to slow down, which
     * is right even when every receiver asks at once; unreachable or refusing everywhere points at the sender.
     */
    public double refusalRatio() {
        long d = domainAttempts();
        return d == 0 ? 0 : (double) (connectionFailures + policyFailures) / d;
    }

    /** {@code internalFailures / attempts}, 0 for an empty window. */
    public double internalFailureRatio() {
        return attempts == 0 ? 0 : (double) internalFailures / attempts;
    }

    public boolean isEmpty() {
        return attempts == 0;
    }

    /**
     * The window as words, e.g. "12 of 30 attempts deferred (40%)" or
     * "15 of 30 attempts deferred or refused (50%: 12 deferred, 2 connection failures, 1 policy block)".
     */
    public String describeBad() {
        long bad = badCount();
        String ratio = Texts.percent(errorRatio());
        if (connectionFailures == 0 && policyFailures == 0) {
            return deferrals + " of " + domainAttempts() + " attempts deferred (" + ratio + ")";
        }
        if (deferrals == 0 && policyFailures == 0) {
            return connectionFailures + " of " + domainAttempts() + " connection attempts failed (" + ratio + ")";
        }
        return bad + " of " + domainAttempts() + " attempts deferred or refused (" + ratio + ": "
                + deferrals + " deferred, " + connectionFailures + " connection failures, "
                + policyFailures + " policy blocks)";
    }

    private static void check(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("window " + name + " must be >= 0, was " + v);
        }
    }
}
