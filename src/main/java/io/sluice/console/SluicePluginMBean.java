package io.sluice.console;

/**
 * The attributes Hawtio 4's {@code PluginServlet} ({@code /hawtio/plugin}) reads from every MBean named
 * {@code hawtio:type=plugin,name=*}: where the browser loads the plugin's module-federation entry from, and which
 * module of it to call.
 */
public interface SluicePluginMBean {
    /** Where remoteEntry.js is served (a path of the console, outside its client routes). */
    String getUrl();
    /** The module-federation container's name (webpack ModuleFederationPlugin {@code name}). */
    String getScope();
    /** The exposed module whose {@code plugin} export registers the page. */
    String getModule();
    String getRemoteEntryFileName();
    /** True: a new build is loaded after a restart, never a cached older entry. */
    boolean isBustRemoteEntryCache();
    String getPluginEntry();
}
