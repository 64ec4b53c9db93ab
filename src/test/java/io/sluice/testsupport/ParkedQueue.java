package io.sluice.testsupport;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded broker's parked queue of a test's own app (its own vm id), read over JMX. */
public final class ParkedQueue {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private final ObjectName queue;

    private ParkedQueue(ObjectName queue) {
        this.queue = queue;
    }

    /** The parked queue of the embedded broker started with {@code sluice.broker.embedded.vm-id = vmId}. */
    public static ParkedQueue of(int vmId) throws Exception {
        ObjectName pattern = new ObjectName("org.apache.activemq.artemis:broker=\"sluice-" + vmId
                + "\",component=addresses,address=\"sluice.parked\",subcomponent=queues,*");
        Set<ObjectName> names = JMX.queryNames(pattern, null);
        assertThat(names).as("the embedded broker's parked queue over JMX").hasSize(1);
        return new ParkedQueue(names.iterator().next());
    }

    /** Messages on the queue, scheduled ones included. */
    public long messages() throws Exception {
        return (Long) JMX.getAttribute(queue, "MessageCount") + (Long) JMX.getAttribute(queue, "ScheduledCount");
    }
}
