package io.sluice.console;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;

/**
 * The Sluice page as a Hawtio remote plugin: {@code hawtio:type=plugin,name=sluice}, pointing the console at the
 * bundle {@link PluginFilesServlet} serves. The page itself registers at {@code /hawtio/sluice}.
 */
public final class SluicePlugin implements SluicePluginMBean {

    static final String OBJECT_NAME = "hawtio:type=plugin,name=sluice";
    /**
     * Under the console's static path: Hawtio's ClientRouteRedirectFilter answers any other {@code /hawtio/...} path
     * with the page's HTML (or a login redirect), and its AuthenticationFilter guards only Jolokia and the proxy.
     */
    static final String FILES_PATH = "/static/sluice";
    /** The webpack output inside the jar (src/main/console, built by the Maven build). */
    static final String FILES_RESOURCE = "sluice/console/plugin/";

    @Override
    public String getUrl() {
        return HawtioConsole.CONTEXT_PATH + FILES_PATH;
    }

    @Override
    public String getScope() {
        return "sluice";
    }

    @Override
    public String getModule() {
        return "./plugin";
    }

    @Override
    public String getRemoteEntryFileName() {
        return "remoteEntry.js";
    }

    @Override
    public boolean isBustRemoteEntryCache() {
        return true;
    }

    @Override
    public String getPluginEntry() {
        return "plugin";
    }

    /** Registers it in the platform MBean server, replacing one left by an earlier console of this JVM. */
    static void register() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(OBJECT_NAME);
        unregister();
        server.registerMBean(new StandardMBean(new SluicePlugin(), SluicePluginMBean.class), name);
    }

    static void unregister() throws Exception {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(OBJECT_NAME));
        } catch (InstanceNotFoundException absent) {
            // nothing to remove
        }
    }
}
