package io.sluice.broker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Validated broker settings.
 *
 * @param url        external broker URL (tcp://host:61616), or blank for the embedded broker
 * @param dataDir    journal directory of the embedded broker
 * @param vmId       in-VM acceptor id of the embedded broker (distinct per Sluice instance in one JVM)
 * @param tcpPort    0 = no TCP acceptor on the embedded broker; else a core-protocol acceptor on 127.0.0.1
 * @param user       broker user (external broker)
 * @param password   secret, never printed
 * @param sendTimeout how long a blocking call (a park send) waits for the broker's answer before it fails (Artemis'
 *                   callTimeout); the park route then keeps the mail in the database
 */
public record BrokerSettings(String url, Path dataDir, int vmId, int tcpPort, String user, String password,
                             Duration sendTimeout) {

    /** The default {@link #sendTimeout()}. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(5);

    public BrokerSettings(String url, Path dataDir, int vmId, int tcpPort, String user, String password) {
        this(url, dataDir, vmId, tcpPort, user, password, DEFAULT_SEND_TIMEOUT);
    }

    public BrokerSettings {
        if (sendTimeout == null || sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("sluice.broker.send-timeout must be > 0, was " + sendTimeout);
        }
        if (vmId < 0) {
            throw new IllegalArgumentException("sluice.broker.embedded.vm-id must be >= 0, was " + vmId);
        }
        if (tcpPort < 0 || tcpPort > 65535) {
            throw new IllegalArgumentException("sluice.broker.embedded.tcp-port must be 0..65535, was " + tcpPort);
        }
        url = url == null ? "" : url.trim();
        if (!url.isEmpty() && !url.startsWith("tcp://") && !url.startsWith("vm://") && !url.startsWith("(")) {
            throw new IllegalArgumentException("sluice.broker.url must be an Artemis URL like tcp://host:61616, was " + url);
        }
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    /** The URL clients use: the external one, or the embedded broker's in-VM acceptor. */
    public String clientUrl() {
        return embedded() ? "vm://" + vmId : url;
    }

    @Override
    public String toString() {
        return "BrokerSettings[" + (embedded() ? "embedded vm://" + vmId + " journal " + dataDir : url) + "]";
    }
}
