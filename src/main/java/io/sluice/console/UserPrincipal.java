package io.sluice.console;

import java.security.Principal;

/** The console user. Hawtio finds the user name by this simple class name ("UserPrincipal"). */
public record UserPrincipal(String getName) implements Principal {
}
