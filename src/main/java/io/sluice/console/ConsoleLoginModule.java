package io.sluice.console;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * JAAS login module of the console realm: one account, from configuration (see {@link ConsoleRealm}). Passwords
 * are compared in constant time and never logged.
 */
public final class ConsoleLoginModule implements LoginModule {

    private Subject subject;
    private CallbackHandler handler;
    private List<Principal> principals = List.of();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        this.handler = callbackHandler;
    }

    @Override
    public boolean login() throws LoginException {
        ConsoleRealm.Account account = ConsoleRealm.account();
        if (account == null) {
            throw new FailedLoginException("the console has no account configured");
        }
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            handler.handle(new Callback[]{name, password});
        } catch (Exception e) {
            throw new LoginException("cannot read the credentials: " + e.getMessage());
        }
        char[] given = password.getPassword();
        password.clearPassword();
        boolean ok = given != null && account.user().equals(name.getName())
                && MessageDigest.isEqual(bytes(given), account.password().getBytes(StandardCharsets.UTF_8));
        if (given != null) {
            Arrays.fill(given, '\0');
        }
        if (!ok) {
            throw new FailedLoginException("wrong user or password");
        }
        List<Principal> granted = new ArrayList<>();
        granted.add(new UserPrincipal(account.user()));
        // sluice.console.role may list several roles (Hawtio lets in a user with any one of them): grant them all
        for (String role : account.role().split(",")) {
            if (!role.isBlank()) {
                granted.add(new RolePrincipal(role.trim()));
            }
        }
        principals = List.copyOf(granted);
        return true;
    }

    private static byte[] bytes(char[] chars) {
        return new String(chars).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals = List.of();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals = List.of();
        return true;
    }
}
