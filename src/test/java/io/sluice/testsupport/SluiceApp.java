package io.sluice.testsupport;

import io.sluice.boot.SluiceLauncher;
import io.sluice.config.SluiceLocations;
import org.apache.camel.CamelContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real Sluice application (real config directory, real route files) started in-process for a test,
 * pointed at a test database and at test SMTP servers through a domains file of the test's own.
 */
public final class SluiceApp implements AutoCloseable {

    private static final java.util.concurrent.atomic.AtomicInteger VM_IDS = new java.util.concurrent.atomic.AtomicInteger(100);

    private final SluiceLauncher launcher;
    private final CamelContext context;

    private SluiceApp(SluiceLauncher launcher) throws Exception {
        this.launcher = launcher;
        this.context = launcher.start();
    }

    /** Builder of a test instance. */
    public static final class Builder {
        private final Map<String, String> props = new HashMap<>();
        private final Map<String, Object> beans = new HashMap<>();
        private String domainsYaml = "defaults:\n  transport: \"smtp://127.0.0.1:1\"\n";

        public Builder database(String url, String user) {
            props.put("sluice.db.url", url);
            props.put("sluice.db.user", user);
            return this;
        }

        /** Content of an extra domains file layered over config/domains.yaml. */
        public Builder domains(String yaml) {
            domainsYaml = yaml;
            return this;
        }

        public Builder property(String key, String value) {
            props.put(key, value);
            return this;
        }

        /** A bean bound before start, e.g. {@code bean("sluiceClock", clock)} to move time in a test. */
        public Builder bean(String name, Object bean) {
            beans.put(name, bean);
            return this;
        }

        public SluiceApp start() throws Exception {
            Path domains = Files.createTempFile("sluice-test-domains", ".yaml");
            domains.toFile().deleteOnExit();
            Files.writeString(domains, domainsYaml);
            String name = "sluice-test-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> all = new HashMap<>();
            all.put("camel.main.name", name);
            all.put("sluice.instance-id", name);
            all.put("sluice.domains.files", "domains.yaml," + domains);
            all.put("sluice.writer.flush-interval", "100");
            all.put("sluice.claim.lease", "1m");
            // each instance its own embedded broker (journal, in-VM id) and JMX names
            all.put("sluice.data-dir", Files.createTempDirectory("sluice-test-data").toString());
            all.put("sluice.broker.embedded.vm-id", String.valueOf(VM_IDS.incrementAndGet()));
            all.put("sluice.jmx.instance", name);
            // no web console unless a test asks for one (it needs a password and a port)
            all.put("sluice.console.enabled", "false");
            all.put("sluice.metrics.enabled", "false");
            all.putAll(props);
            SluiceLauncher launcher = new SluiceLauncher(SluiceLocations.fromEnvironment()).withProperties(all);
            beans.forEach(launcher::withBean);
            return new SluiceApp(launcher);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Domains file routing every domain to one SMTP server, and the given domains elsewhere. */
    public static String relayTo(int port, Map<String, Integer> overrides) {
        StringBuilder sb = new StringBuilder("defaults:\n  transport: \"smtp://127.0.0.1:" + port + "\"\ndomains:\n");
        overrides.forEach((d, p) -> sb.append("  ").append(d).append(":\n    transport: \"smtp://127.0.0.1:")
                .append(p).append("\"\n"));
        if (overrides.isEmpty()) {
            sb.append("  {}\n");
        }
        return sb.toString();
    }

    public CamelContext context() {
        return context;
    }

    @Override
    public void close() throws Exception {
        launcher.stop();
    }
}
