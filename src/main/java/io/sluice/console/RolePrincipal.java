package io.sluice.console;

import java.security.Principal;

/** A role of the console user; Hawtio's {@code hawtio.rolePrincipalClasses} names this class. */
public record RolePrincipal(String getName) implements Principal {
}
