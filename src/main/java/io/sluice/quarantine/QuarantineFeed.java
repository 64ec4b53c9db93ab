package io.sluice.quarantine;

import io.sluice.result.DeliveryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The result writer's quarantine step (routes/results.xml, write-batch, right after the broadlog batch): turns one
 * batch of results into {@link AddressEvent}s ({@link SynchronousEvents}) and applies them in one transaction of its
 * own. A failure here is logged as an error naming what was not counted, and swallowed: the broadlog batch is
 * already written, and must not be written (or sent) again because an address's count could not be.
 */
public final class QuarantineFeed {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineFeed.class);

    private final DataSource dataSource;
    private final AddressLedger ledger;
    private final SynchronousEvents events;

    public QuarantineFeed(DataSource dataSource, AddressLedger ledger, SynchronousEvents events) {
        this.dataSource = dataSource;
        this.ledger = ledger;
        this.events = events;
    }

    /** @return how many events were applied (0 when none counted, or when writing them failed) */
    public int record(List<DeliveryResult> results) {
        List<AddressEvent> batch = new ArrayList<>();
        for (DeliveryResult r : results) {
            events.of(r).ifPresent(batch::add);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                ledger.record(c, batch);
                c.commit();
                return batch.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("Quarantine not updated for {} results of this batch (their broadlog rows are written): {}."
                    + " Not counted: {}", batch.size(), e.getMessage(), describe(batch), e);
            return 0;
        }
    }

    private static String describe(List<AddressEvent> batch) {
        StringBuilder s = new StringBuilder();
        int shown = 0;
        for (AddressEvent e : batch) {
            if (e.kind() == AddressEvent.Kind.DELIVERED) {
                continue;
            }
            if (shown++ == 10) {
                s.append(", ...");
                break;
            }
            s.append(shown == 1 ? "" : ", ").append(e.kind()).append(' ').append(e.address());
        }
        long delivered = batch.stream().filter(e -> e.kind() == AddressEvent.Kind.DELIVERED).count();
        return s + (delivered == 0 ? "" : (s.isEmpty() ? "" : "; ") + delivered + " deliveries");
    }
}
