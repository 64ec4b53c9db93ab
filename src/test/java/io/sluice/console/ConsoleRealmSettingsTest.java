package io.sluice.console;

import org.junit.jupiter.api.Test;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import java.nio.file.Path;
import java.security.Principal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which realm the console logs in against: Sluice's own needs its account's password, a platform's realm (Karaf's
 * {@code karaf}) needs none, since its users are the platform's; the own realm grants every configured role.
 */
class ConsoleRealmSettingsTest {

    private static final Path WORK = Path.of("target/console-realm-test");

    @Test
    void shouldRequireAPasswordOnlyForItsOwnRealm() {
        assertThatThrownBy(() -> new ConsoleSettings(true, "127.0.0.1", 0, "sluice-console", "admin", "", "admin", WORK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SLUICE_CONSOLE_PASSWORD");
        assertThatThrownBy(() -> new ConsoleSettings(true, "127.0.0.1", 0, "admin", "", "admin", WORK))
                .as("the constructor without a realm is the own realm's").hasMessageContaining("SLUICE_CONSOLE_PASSWORD");

        ConsoleSettings karaf = new ConsoleSettings(true, "127.0.0.1", 0, "karaf", "admin", "", "admin,manager", WORK);
        assertThat(karaf.ownRealm()).isFalse();
        assertThat(karaf.realm()).isEqualTo("karaf");
        assertThat(new ConsoleSettings(true, "127.0.0.1", 0, " ", "admin", "s", "admin", WORK).realm())
                .as("blank = the own realm").isEqualTo(ConsoleRealm.REALM);
        assertThatThrownBy(() -> new ConsoleSettings(true, "127.0.0.1", 0, "karaf", "admin", "", " ", WORK))
                .as("a platform's users still need a role").hasMessageContaining("sluice.console.role");
    }

    @Test
    void shouldRefuseAnAllowedOriginThatIsNotAnOrigin() {
        for (String bad : new String[]{"localhost:9000", "http://localhost:9000/hawtio", "javascript:alert(1)",
                "http://a b", "http://x.example<x>"}) {
            assertThatThrownBy(() -> new ConsoleSettings(true, "127.0.0.1", 0, "sluice-console", "admin", "s", "admin",
                    WORK, java.util.List.of(bad))).as(bad).hasMessageContaining("sluice.console.allowed-origins")
                    .hasMessageContaining(bad);
        }
        assertThat(new ConsoleSettings(true, "127.0.0.1", 0, "sluice-console", "admin", "s", "admin", WORK,
                java.util.List.of(" http://localhost:9000", "", "https://[::1]:8443", "https://ops.example.com"))
                .allowedOrigins()).containsExactly("http://localhost:9000", "https://[::1]:8443", "https://ops.example.com");
    }

    @Test
    void shouldNeverShowThePassword() {
        ConsoleSettings settings = new ConsoleSettings(true, "127.0.0.1", 0, "sluice-console", "admin",
                "realm-test-secret", "admin", WORK);
        assertThat(settings.toString()).doesNotContain("realm-test-secret").contains("realm=sluice-console");
    }

    @Test
    void shouldGrantEveryConfiguredRoleOfItsOwnAccount() throws Exception {
        ConsoleRealm.install(new ConsoleSettings(true, "127.0.0.1", 0, "ops", "realm-test-secret", "admin, viewer",
                WORK));
        Subject subject = new Subject();
        new LoginContext(ConsoleRealm.REALM, subject, callbacks -> {
            ((NameCallback) callbacks[0]).setName("ops");
            ((PasswordCallback) callbacks[1]).setPassword("realm-test-secret".toCharArray());
        }).login();
        assertThat(subject.getPrincipals(RolePrincipal.class)).extracting(Principal::getName)
                .containsExactlyInAnyOrder("admin", "viewer");
        assertThat(subject.getPrincipals(UserPrincipal.class)).extracting(Principal::getName).containsExactly("ops");

        assertThatThrownBy(() -> new LoginContext(ConsoleRealm.REALM, new Subject(), callbacks -> {
            ((NameCallback) callbacks[0]).setName("ops");
            ((PasswordCallback) callbacks[1]).setPassword("wrong".toCharArray());
        }).login()).isInstanceOf(LoginException.class);
    }
}
