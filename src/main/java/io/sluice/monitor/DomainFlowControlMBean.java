package io.sluice.monitor;

/** JMX view of one domain's (or site's) flow control. */
public interface DomainFlowControlMBean {

    /** NORMAL, BACKOFF, SUSPENDED or PROBING. */
    String getState();

    /** True when operators see its mail as "Messages queued (dynamic flow control)". */
    boolean isHeldBack();

    /** Messages per second allowed now (0 while suspended). */
    double getRate();

    /** Configured maximum rate, msg/s. */
    double getConfiguredMaxRate();

    /** The reply, rule or operator action that put it in its state. */
    String getReason();

    /** When it entered its state (ISO-8601). */
    String getSince();

    /** When a suspension or provider cap ends (ISO-8601), or empty. */
    String getUntil();

    /**
     * Counts of the last judged window (attempts, accepted, deferrals, connection failures, hard, policy). With several
     * instances sharing the state (sluice.cluster.shared-flow-state), every instance's counts summed: the site's
     * state, rate and windows here are the cluster's.
     */
    String getLastWindow();

    /** Counts carried over towards the next judgement (too few attempts yet), cluster-wide when the state is shared. */
    String getCurrentWindow();

    /**
     * What it learned about its limit, e.g. "deferrals from 2.92 msg/s, clean up to 3.04 msg/s (measured from the
     * receiver's renewals)", or "nothing learned" (docs/flow-control.md, "Learned limits").
     */
    String getLearnedLimit();

    /** Its rows now parked on the broker (from the campaign database: cluster-wide). */
    long getParkedMessages();

    /** Messages of it waiting in this instance's memory for the throttle. */
    int getInMemoryMessages();

    /**
     * This instance's SMTP connections to its MX hosts and the limit in force, e.g. "smtp://mx1.example:25 1 open,
     * at most 2 of 4 while held back"; empty for relays and before its first send.
     */
    String getSmtpConnections();

    /** Back to NORMAL at once (ramping up from its current rate). */
    void resetToNormal();

    /** Caps its rate for a while. */
    void setRate(double messagesPerSecond, long seconds);

    /** Stops sending to it for a while. */
    void suspend(long seconds);

    /** Sends its parked mail now (it goes through the throttle at the current rate). */
    String releaseParked();
}
