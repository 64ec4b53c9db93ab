package io.sluice.monitor;

/** JMX view of the sender-wide state: is the problem ours (every domain failing at once) or the receivers'? */
public interface SenderStateMBean {

    /** HEALTHY, or SENDER_PROBLEM while sending is paused for a sender-side problem. */
    String getState();

    String getReason();

    String getSince();

    /** Domains held back by flow control right now. */
    int getHeldBackDomains();

    /** Domains known to flow control. */
    int getKnownDomains();

    /**
     * MX hosts this instance could not connect to lately and skips for now ({@code "address:port until <instant>"}):
     * a receiver that is down, or our network path to it. Their domains' mail goes to their other MX hosts.
     */
    String[] getSkippedMxHosts();
}
