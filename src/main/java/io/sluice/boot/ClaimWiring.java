package io.sluice.boot;

import io.sluice.claim.ClaimSettings;
import io.sluice.claim.ClaimTicket;
import io.sluice.claim.LeaseGuard;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** Claiming work (sluice.claim.*, sluice.instance-id): the claim ticket, the claim statement, the lease guard. */
record ClaimWiring(ClaimSettings settings, ClaimTicket ticket, LeaseGuard leaseGuard) {

    /** The routes' placeholder of the claim statement's file (routes/claim.camel.yaml). */
    static final String STATEMENT = "sluice.claim.statement";
    /** The routes' placeholder of this instance's id as used (sluice.instance-id, else pid@host): unpark-message. */
    static final String INSTANCE = "sluice.claim.instance";

    static ClaimWiring wire(Wiring w, boolean postgres) {
        ClaimSettings claim = new ClaimSettings(w.integer("sluice.claim.batch-size"), w.duration("sluice.claim.lease"),
                instanceId(w.text("sluice.instance-id")), w.integer("sluice.claim.spread"),
                w.integer("sluice.claim.max-batches-per-poll"));
        ClaimTicket ticket = new ClaimTicket(claim, w.clock);
        w.registry.bind("claimTicket", ticket);
        String claimSql = ClaimSettings.claimStatement(w.text("sluice.claim.sql"), postgres);
        // resolved under another name: an environment variable (SLUICE_CLAIM_SQL=auto) would win over an override of
        // the property itself
        w.derive(STATEMENT, claimSql);
        w.derive(INSTANCE, claim.instanceId());
        Wiring.LOG.info("Claim statement {} ({} rows per claim, up to {} claims per poll, lease {})", claimSql,
                claim.batchSize(), claim.maxBatchesPerPoll(), claim.lease());
        LeaseGuard leaseGuard = new LeaseGuard(w.clock, Duration.ofSeconds(2));
        w.registry.bind("leaseGuard", leaseGuard);
        return new ClaimWiring(claim, ticket, leaseGuard);
    }

    /** sluice.instance-id, else pid@host. */
    static String instanceId(String configured) {
        if (!configured.isBlank()) {
            return configured.trim();
        }
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
