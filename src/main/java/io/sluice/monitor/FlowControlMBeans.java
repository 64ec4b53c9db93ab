package io.sluice.monitor;

import io.sluice.parking.ParkedMail;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowSnapshot;
import io.sluice.flowcontrol.camel.FlowGate;
import io.sluice.policy.LivePolicy;
import io.sluice.send.UnreachableHosts;
import org.apache.camel.support.service.ServiceSupport;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Registers the flow-control MBeans in the platform MBean server: the sender MBean at start, a domain MBean
 * for each domain flow control knows (synchronised after each window), all removed on stop.
 */
public final class FlowControlMBeans extends ServiceSupport {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final FlowControlRegistry registry;
    private final FlowGate gate;
    private final ParkedMail parked;
    private final String instance;
    private final UnreachableHosts unreachable;
    private final Function<String, String> smtpConnections;
    private final LivePolicy policy;
    private final Set<ObjectName> registered = ConcurrentHashMap.newKeySet();

    /**
     * @param instance    distinguishes several Sluice contexts in one JVM (empty for the usual one)
     * @param unreachable the MX hosts skipped for now, shown by the sender MBean
     * @param smtpConnections a site's SMTP connections as text, shown by its domain MBean
     * @param policy      the live policy, shown and reloaded by the sender MBean
     */
    public FlowControlMBeans(FlowControlRegistry registry, FlowGate gate, ParkedMail parked, String instance,
                             UnreachableHosts unreachable, Function<String, String> smtpConnections,
                             LivePolicy policy) {
        this.policy = policy;
        this.registry = registry;
        this.gate = gate;
        this.parked = parked;
        this.instance = instance;
        this.unreachable = unreachable;
        this.smtpConnections = smtpConnections;
    }

    public static ObjectName domainName(String instance, String domain) throws Exception {
        return new ObjectName("sluice" + (instance.isEmpty() ? "" : "." + instance) + ":type=Domain,name="
                + ObjectName.quote(domain));
    }

    public static ObjectName senderName(String instance) throws Exception {
        return new ObjectName("sluice" + (instance.isEmpty() ? "" : "." + instance) + ":type=Sender,name=global");
    }

    @Override
    protected void doStart() throws Exception {
        register(senderName(instance), new StandardMBean(new SenderState(registry, unreachable, policy),
                SenderStateMBean.class));
        sync();
    }

    /** Adds MBeans for domains seen since the last call. */
    public void sync() {
        for (FlowSnapshot s : registry.snapshots()) {
            try {
                ObjectName name = domainName(instance, s.key());
                if (!registered.contains(name)) {
                    register(name, new StandardMBean(new DomainFlowControl(registry.flow(s.key()), gate, parked, smtpConnections),
                            DomainFlowControlMBean.class));
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot register the MBean of " + s.key(), e);
            }
        }
    }

    private void register(ObjectName name, Object mbean) throws Exception {
        if (!server.isRegistered(name)) {
            server.registerMBean(mbean, name);
        }
        registered.add(name);
    }

    @Override
    protected void doStop() throws Exception {
        for (ObjectName name : registered) {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        }
        registered.clear();
    }
}
