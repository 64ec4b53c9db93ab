package io.sluice.bounces;

import org.apache.camel.support.service.ServiceSupport;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The counters behind {@link BouncesMBean}, registered as {@code sluice[.INSTANCE]:type=Bounces} while Camel runs. */
public final class BounceStats extends ServiceSupport implements BouncesMBean {

    private final Map<InboundKind, AtomicLong> kinds = new EnumMap<>(InboundKind.class);
    private final AtomicLong mails = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong ignoredRecipients = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>("none");
    private final boolean enabled;
    private final Clock clock;
    private final ObjectName name;

    public BounceStats(boolean enabled, Clock clock, String instance) throws Exception {
        this.enabled = enabled;
        this.clock = clock;
        this.name = new ObjectName("sluice" + (instance.isEmpty() ? "" : "." + instance) + ":type=Bounces");
        for (InboundKind k : InboundKind.values()) {
            kinds.put(k, new AtomicLong());
        }
    }

    /** A mail's result was committed. */
    void committed(BounceLedger.Plan plan, boolean duplicate) {
        mails.incrementAndGet();
        if (duplicate) {
            duplicates.incrementAndGet();
            return;
        }
        plan.entries().forEach(e -> kinds.get(e.kind()).incrementAndGet());
        ignoredRecipients.addAndGet(plan.ignoredRecipients());
    }

    /** A mail was left in the mailbox to be read again (its transaction rolled back). */
    void failed(Throwable error) {
        lastError.set(clock.instant() + " " + (error == null ? "unknown error" : error.getClass().getSimpleName() + ": "
                + error.getMessage()));
    }

    public long count(InboundKind kind) {
        return kinds.get(kind).get();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public long getMails() {
        return mails.get();
    }

    @Override
    public long getHard() {
        return count(InboundKind.HARD);
    }

    @Override
    public long getSoft() {
        return count(InboundKind.SOFT);
    }

    @Override
    public long getComplaints() {
        return count(InboundKind.COMPLAINT);
    }

    @Override
    public long getAutoReplies() {
        return count(InboundKind.AUTO_REPLY);
    }

    @Override
    public long getUnprocessable() {
        return count(InboundKind.UNPROCESSABLE);
    }

    @Override
    public long getDuplicates() {
        return duplicates.get();
    }

    @Override
    public long getIgnoredRecipients() {
        return ignoredRecipients.get();
    }

    @Override
    public String getLastError() {
        return lastError.get();
    }

    @Override
    protected void doStart() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (!server.isRegistered(name)) {
            server.registerMBean(new StandardMBean(this, BouncesMBean.class), name);
        }
    }

    @Override
    protected void doStop() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }
}
