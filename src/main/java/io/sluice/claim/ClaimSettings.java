package io.sluice.claim;

import java.time.Duration;

/**
 * Validated claim settings.
 *
 * @param batchSize  rows per claim ({@code sluice.claim.batch-size})
 * @param lease      how long claimed rows stay ours ({@code sluice.claim.lease})
 * @param instanceId name written to {@code sClaimedBy}
 * @param spread     the fair ranking offers spread x batchSize rows, of which each claim takes a shuffled batch no
 *                   other instance holds ({@code sluice.claim.spread}): 1 = exact turn order, N = N instances polling
 *                   at the same moment each get a full batch
 * @param maxBatchesPerPoll claims per poll while each one comes back full ({@code sluice.claim.max-batches-per-poll}):
 *                   the next claim waits until the send queue has taken the previous batch, so a poll claims ahead
 *                   only as fast as the instance sends, and one poll never holds more than a batch waiting
 */
public record ClaimSettings(int batchSize, Duration lease, String instanceId, int spread, int maxBatchesPerPoll) {

    public ClaimSettings {
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("sluice.claim.batch-size must be between 1 and 100000, was " + batchSize);
        }
        if (lease == null || lease.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("sluice.claim.lease must be at least 5s, was " + lease);
        }
        if (spread < 1 || spread > 16) {
            throw new IllegalArgumentException("sluice.claim.spread must be between 1 and 16, was " + spread);
        }
        if (maxBatchesPerPoll < 1 || maxBatchesPerPoll > 100) {
            throw new IllegalArgumentException("sluice.claim.max-batches-per-poll must be between 1 and 100, was "
                    + maxBatchesPerPoll);
        }
        if (instanceId == null || instanceId.isBlank() || instanceId.length() > 128) {
            throw new IllegalArgumentException("sluice.instance-id must be 1..128 characters, was '" + instanceId + "'");
        }
    }

    /** {@code sluice.claim.sql = auto}: the claim statement chosen for the database. */
    public static final String AUTO = "auto";

    /**
     * The claim statement file for {@code sluice.claim.sql}: an explicit file name as configured, or for {@code auto}
     * (the default) {@code claim-postgresql.sql} on PostgreSQL (reads at most deliveries x candidates rows per poll)
     * and the portable {@code claim.sql} elsewhere (the embedded H2 database has no LATERAL).
     */
    public static String claimStatement(String configured, boolean postgres) {
        String value = configured == null ? "" : configured.trim();
        if (!value.isEmpty() && !AUTO.equalsIgnoreCase(value)) {
            if (!value.matches("[A-Za-z0-9._-]+\\.sql")) {
                throw new IllegalArgumentException("sluice.claim.sql must be auto or a file name in config/sql, was '"
                        + configured + "'");
            }
            return value;
        }
        return postgres ? "claim-postgresql.sql" : "claim.sql";
    }
}
