package io.sluice.claim;

import static io.sluice.SluiceConstants.SLUICE_BATCH_SIZE;
import static io.sluice.SluiceConstants.SLUICE_CLAIM_CANDIDATES;
import static io.sluice.SluiceConstants.SLUICE_CLAIM_SALT;
import static io.sluice.SluiceConstants.SLUICE_CLAIM_TOKEN;
import static io.sluice.SluiceConstants.SLUICE_INSTANCE_ID;
import static io.sluice.SluiceConstants.SLUICE_LEASE_UNTIL;
import static io.sluice.SluiceConstants.SLUICE_NOW;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.sql.SqlConstants;
import org.apache.camel.support.DefaultMessage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Stamps the parameters of one claim on the message: a fresh token (so the rows this claim took can be
 * read back), this instance's name, "now" and the lease end. Time comes from an injected clock.
 */
public final class ClaimTicket {

    private final ClaimSettings settings;
    private final Clock clock;

    public ClaimTicket(ClaimSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Stamps the claim's parameters on a fresh plain message that replaces the quartz one. Why replace it: a
     * {@code QuartzMessage} re-creates its ~17 job headers (scheduler, trigger, job detail...) on every copy, and
     * the split hands each claimed row a copy (and the seda queue another): with thousands of rows per claim that
     * was ~3 % of the CPU of {@code bench/throughput} (docs/benchmarks.md, "Profiled run (stop 3)"). Nothing
     * downstream reads the quartz headers.
     */
    public void stamp(Exchange exchange) {
        exchange.setMessage(new DefaultMessage(exchange));
        stampHeaders(exchange.getMessage());
    }

    /**
     * The {@code doWhile} of the claim poll's loop (route claim-pending), asked before each claim: the first claim
     * of a poll always runs; another one only while the last came back full (there is more due work than one batch)
     * and the poll has made fewer than {@code sluice.claim.max-batches-per-poll} claims. Why claim again within a
     * poll: with one claim per poll an instance could never send more than batch-size messages a second, however
     * fast its senders (docs/benchmarks.md). The next claim runs once the split has queued the previous batch for
     * the sender threads (the queue blocks when full), so claiming ahead keeps pace with sending.
     */
    public boolean claimAgain(Exchange exchange) {
        Integer lastRound = exchange.getProperty(Exchange.LOOP_INDEX, Integer.class);
        if (lastRound == null) {
            return true;
        }
        Integer claimed = exchange.getMessage().getHeader(SqlConstants.SQL_UPDATE_COUNT, Integer.class);
        return lastRound + 1 < settings.maxBatchesPerPoll() && claimed != null && claimed >= settings.batchSize();
    }

    private void stampHeaders(Message message) {
        Instant now = clock.instant();
        message.setHeader(SLUICE_CLAIM_TOKEN, UUID.randomUUID().toString());
        message.setHeader(SLUICE_INSTANCE_ID, settings.instanceId());
        message.setHeader(SLUICE_NOW, Timestamp.from(now));
        message.setHeader(SLUICE_LEASE_UNTIL, Timestamp.from(now.plus(settings.lease())));
        message.setHeader(SLUICE_BATCH_SIZE, settings.batchSize());
        message.setHeader(SLUICE_CLAIM_CANDIDATES, settings.spread() * settings.batchSize());
        // spread 1: no shuffle needed (the batch is the whole offer); otherwise a multiplier around half the modulus
        // sends neighbouring ids (consecutive within a delivery) far apart
        message.setHeader(SLUICE_CLAIM_SALT, settings.spread() == 1 ? 1L : ThreadLocalRandom.current().nextLong(300_000, 700_000));
    }
}
