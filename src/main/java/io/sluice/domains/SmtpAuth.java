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
    private static final KeyTable<String[]> KEYS = KeyTable.of(
            KeyTable.key("user", KeyTable.Owner.POLICIES, (a, path, v) -> a[0] = v instanceof String u ? u.trim() : null),
            KeyTable.key("password", KeyTable.Owner.POLICIES, (a, path, v) -> a[1] = v instanceof String p ? p.trim() : null));

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
        String[] userAndPassword = KEYS.read(key, YamlValues.map(key, m), new String[2]);
        try {
            return new SmtpAuth(userAndPassword[0], userAndPassword[1]);
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
