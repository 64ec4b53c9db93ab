package io.sluice.domains;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * AUTH for a relay ({@code auth:} of a domain or of {@code defaults} in domains.yaml): the user, and the
 * password as a property placeholder ({@code "{{sluice.relay.password}}"}) that Camel resolves when it creates
 * the endpoint. The secret itself never sits in domains.yaml, in an exchange property or in a log line: set it as
 * an environment variable ({@code SLUICE_RELAY_PASSWORD}) or a JVM system property.
 *
 * @param user                the SMTP login
 * @param passwordPlaceholder {@code {{property.key}}}
 */
public record SmtpAuth(String user, String passwordPlaceholder) {

    private static final Pattern USER = Pattern.compile("[^\\s()]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[A-Za-z0-9._-]+}}");

    public SmtpAuth {
        if (user == null || user.isBlank() || !USER.matcher(user).matches()) {
            // it goes into the endpoint URI as RAW(user): no blanks or parentheses
            throw new IllegalArgumentException("user must not be blank nor contain spaces or parentheses, was '" + user + "'");
        }
        if (passwordPlaceholder == null || !PLACEHOLDER.matcher(passwordPlaceholder).matches()) {
            // no literal secrets in the policy file (it is shipped, layered, copied around)
            throw new IllegalArgumentException("password must be a property placeholder like \"{{sluice.relay.password}}\" "
                    + "(set the secret as an environment variable or system property), not a literal");
        }
    }

    /** @param key the YAML path ({@code domains.x.auth}), named in error messages */
    static SmtpAuth parse(String key, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(key + " must be a mapping {user: ..., password: \"{{property}}\"}, was " + value);
        }
        m.keySet().stream().filter(k -> !"user".equals(k) && !"password".equals(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("unknown key " + key + "." + k + " (allowed: user, password)");
        });
        try {
            return new SmtpAuth(m.get("user") instanceof String u ? u.trim() : null,
                    m.get("password") instanceof String p ? p.trim() : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "." + e.getMessage(), e);
        }
    }

    /** camel-mail endpoint options; the password stays a placeholder until Camel creates the endpoint. */
    public String endpointOptions() {
        return "username=RAW(" + user + ")&password=RAW(" + passwordPlaceholder + ")";
    }

    @Override
    public String toString() {
        return "SmtpAuth[user=" + user + ", password=" + passwordPlaceholder + "]";
    }
}
