package io.sluice.console;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import java.util.Map;

/**
 * The JAAS realm {@value #REALM} the console logs in against, installed programmatically (no login.config file,
 * no credentials on disk): it answers for its own realm and hands every other realm to the configuration that
 * was there before.
 */
public final class ConsoleRealm extends Configuration {

    public static final String REALM = "sluice-console";

    record Account(String user, String password, String role) {
        @Override
        public String toString() {
            return "Account[user=" + user + ", role=" + role + "]";
        }
    }

    private static volatile Account account;

    private final Configuration previous;

    private ConsoleRealm(Configuration previous) {
        this.previous = previous;
    }

    /** Makes this account the console's (the last console started in a JVM wins) and installs the realm. */
    static synchronized void install(ConsoleSettings settings) {
        account = new Account(settings.user(), settings.password(), settings.role());
        Configuration current = null;
        try {
            current = Configuration.getConfiguration();
        } catch (SecurityException e) {
            // no configuration yet (no java.security.auth.login.config): ours is the only one
        }
        if (!(current instanceof ConsoleRealm)) {
            Configuration.setConfiguration(new ConsoleRealm(current));
        }
    }

    static Account account() {
        return account;
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        if (REALM.equals(name)) {
            return new AppConfigurationEntry[]{new AppConfigurationEntry(ConsoleLoginModule.class.getName(),
                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())};
        }
        return previous == null ? null : previous.getAppConfigurationEntry(name);
    }

    @Override
    public void refresh() {
        if (previous != null) {
            previous.refresh();
        }
    }
}
