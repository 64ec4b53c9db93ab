package io.sluice.send.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections one MX destination may have now: {@code maxConnections}, or {@code heldBack} while flow control
 * holds its site back. Logs each change once, so operators see when and why a site runs on fewer connections.
 */
final class HeldBackConnectionLimit implements IntSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(HeldBackConnectionLimit.class);

    private final Destination destination;
    private final String site;
    private final int maxConnections;
    private final int heldBack;
    private final Predicate<String> siteHeldBack;
    private final AtomicInteger last;

    HeldBackConnectionLimit(Destination destination, String site, int maxConnections, int heldBack,
                            Predicate<String> siteHeldBack) {
        this.destination = destination;
        this.site = site;
        this.maxConnections = maxConnections;
        this.heldBack = heldBack;
        this.siteHeldBack = siteHeldBack;
        this.last = new AtomicInteger(maxConnections);
    }

    @Override
    public int getAsInt() {
        int limit = siteHeldBack.test(site) ? heldBack : maxConnections;
        // written only on a change: every borrow and release of the destination reads this
        if (last.get() != limit && last.getAndSet(limit) != limit) {
            if (limit < maxConnections) {
                LOG.info("SMTP connections to {}:{} (site {}): at most {} of {} while flow control holds the site back",
                        destination.host(), destination.port(), site, limit, maxConnections);
            } else {
                LOG.info("SMTP connections to {}:{} (site {}): up to {} again, the site is no longer held back",
                        destination.host(), destination.port(), site, limit);
            }
        }
        return limit;
    }
}
