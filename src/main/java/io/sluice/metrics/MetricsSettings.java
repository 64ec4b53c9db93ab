package io.sluice.metrics;

import java.nio.file.Path;

/**
 * Validated {@code sluice.metrics.*} settings (read by io.sluice.boot; their defaults are in
 * config/application.properties).
 *
 * @param port          0 picks a free port (tests)
 * @param topDomains    domains with a domain tag of their own; the rest are summed as domain="other"
 * @param excludeRoutes route ids or patterns without a Micrometer timer of their own; empty = every route timed
 * @param workDir       Tomcat's directory; made absolute here (Tomcat would resolve a relative one against its own)
 */
public record MetricsSettings(boolean enabled, String host, int port, int topDomains, String excludeRoutes,
                              Path workDir) {

    public MetricsSettings {
        workDir = workDir.toAbsolutePath().normalize();
        if (enabled && (port < 0 || port > 65535 || topDomains < 0)) {
            throw new IllegalArgumentException(
                    "sluice.metrics.port must be 0..65535 and sluice.metrics.top-domains >= 0");
        }
    }
}
