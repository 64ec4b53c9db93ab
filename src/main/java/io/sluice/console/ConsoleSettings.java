package io.sluice.console;

import java.nio.file.Path;
import java.util.List;

/**
 * Validated {@code sluice.console.*} settings (read by io.sluice.boot; their defaults are in
 * config/application.properties). The password is a secret: {@link #toString()} never shows it.
 *
 * @param realm   the JAAS realm users log in against: {@value ConsoleRealm#REALM} (Sluice's own, one account from
 *                {@code user}/{@code password}) or a realm of the platform, such as Apache Karaf's {@code karaf}
 *                (its users; {@code user}/{@code password} are then not used)
 * @param role    the role a user needs: granted to Sluice's account, or required of the platform's users (several
 *                comma-separated: any one of them)
 * @param port    0 picks a free port (tests)
 * @param workDir where the war is unpacked and Tomcat works; made absolute against the working directory here
 *                (Tomcat would resolve a relative one against its own directories)
 * @param allowedOrigins origins besides the console's own address whose pages may call its Jolokia (an SSH tunnel's,
 *                a reverse proxy's), e.g. {@code http://localhost:9000}
 */
public record ConsoleSettings(boolean enabled, String host, int port, String realm, String user, String password,
                              String role, Path workDir, List<String> allowedOrigins) {

    public static final String HOW_TO_SET_PASSWORD = "The Sluice console (Hawtio) is enabled but sluice.console.password"
            + " is empty, and there is no built-in default password. Set one with the environment variable"
            + " SLUICE_CONSOLE_PASSWORD (or -Dsluice.console.password=...), or disable the console with"
            + " SLUICE_CONSOLE_ENABLED=false.";

    public ConsoleSettings {
        workDir = workDir == null ? null : workDir.toAbsolutePath().normalize();
        realm = realm == null || realm.isBlank() ? ConsoleRealm.REALM : realm.trim();
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
        for (String origin : allowedOrigins) {
            if (!origin.matches("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:]+\\](:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("sluice.console.allowed-origins: '" + origin + "' is not an origin"
                        + " such as http://localhost:9000 (scheme, host and port; no path)");
            }
        }
        if (enabled) {
            if (ConsoleRealm.REALM.equals(realm)) {
                if (password == null || password.isEmpty()) {
                    throw new IllegalArgumentException(HOW_TO_SET_PASSWORD);
                }
                if (user == null || user.isBlank()) {
                    throw new IllegalArgumentException(
                            "sluice.console.user must not be empty while the console is enabled");
                }
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("sluice.console.port must be 0..65535, was " + port);
            }
            if (role == null || role.isBlank()) {
                throw new IllegalArgumentException("sluice.console.role must not be empty");
            }
        }
    }

    /** No origins besides the console's own. */
    public ConsoleSettings(boolean enabled, String host, int port, String realm, String user, String password,
                           String role, Path workDir) {
        this(enabled, host, port, realm, user, password, role, workDir, List.of());
    }

    /** Sluice's own realm, its one account. */
    public ConsoleSettings(boolean enabled, String host, int port, String user, String password, String role,
                           Path workDir) {
        this(enabled, host, port, ConsoleRealm.REALM, user, password, role, workDir, List.of());
    }

    /** True when users log in with Sluice's own account, false when with the platform's users (Karaf's). */
    public boolean ownRealm() {
        return ConsoleRealm.REALM.equals(realm);
    }

    @Override
    public String toString() {
        return "ConsoleSettings[enabled=" + enabled + ", host=" + host + ", port=" + port + ", realm=" + realm
                + ", user=" + user + ", password=" + (password == null || password.isEmpty() ? "(empty)" : "******")
                + ", role=" + role + ", allowedOrigins=" + allowedOrigins + "]";
    }
}
