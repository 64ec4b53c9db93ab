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

    /** The policy in force (domains.yaml and the files layered on it): the first 12 hex digits of its SHA-256. */
    String getPolicyHash();

    /** When the policy in force came into force (start, or the last reload applied). */
    String getPolicyLoadedAt();

    /**
     * Why the files' latest version was rejected (naming the file and key); the policy in force stays. Empty when the
     * files hold the policy in force.
     */
    String getPolicyLastError();

    /** The policy files, in layering order (sluice.domains.files). */
    String getPolicyFiles();

    /**
     * Re-reads the policy files now and applies them when they are valid (without waiting for the route
     * policy-reload): returns what happened, e.g. "applied policy 3f2a...: site google: ..." or "rejected, policy
     * 3f2a... kept: ...".
     */
    String reloadPolicy();
}
