package io.sluice.domains;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where mail of a domain goes: {@code smtp://host:port} (plain, STARTTLS when offered) or
 * {@code smtps://host:port} (TLS from the first byte).
 */
public record SmtpTransport(String scheme, String host, int port) {

    public SmtpTransport {
        if (!"smtp".equals(scheme) && !"smtps".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be smtp or smtps, was " + scheme);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** @param key the YAML key path, named in the error message */
    public static SmtpTransport parse(String key, Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(key + " must be a string like \"smtp://host:25\", was " + value);
        }
        try {
            URI uri = new URI(s.trim());
            int port = uri.getPort() > 0 ? uri.getPort() : "smtps".equals(uri.getScheme()) ? 465 : 25;
            if (uri.getQuery() != null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw new IllegalArgumentException(key + " must be scheme://host:port without path or options, was " + s);
            }
            return new SmtpTransport(uri.getScheme(), uri.getHost(), port);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not a valid transport (" + e.getMessage() + "): " + s, e);
        }
    }

    /** The camel-mail endpoint; timeouts and client properties come from the component configuration. */
    public String endpointUri() {
        return scheme + "://" + host + ":" + port;
    }
}
