package io.sluice.cli;

import io.sluice.config.SluiceLocations;
import io.sluice.db.ConfiguredDatabase;
import io.sluice.dkim.DkimKeys;
import io.sluice.dns.DnsSettings;
import io.sluice.policy.PolicyFiles;
import io.sluice.dnscheck.CheckResult;
import io.sluice.dnscheck.DnsPreflight;
import io.sluice.dnscheck.DnsQuery;
import io.sluice.domains.DomainsDocument;
import io.sluice.domains.Durations;
import org.apache.camel.spi.PropertiesComponent;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar sluice.jar check-dns --from DOMAIN [--ip A.B.C.D]}: checks the sender's SPF, DKIM, DMARC, PTR
 * and MX records before a campaign, against the resolvers of {@code sluice.dns.servers} and the DKIM keys of
 * {@code domains.yaml}. Exit 0 when the Gmail/Yahoo bulk-sender requirements hold, 1 when one fails, 2 on bad
 * arguments or configuration.
 */
public final class CheckDnsCommand {

    static final String USAGE = "Usage: java -jar sluice.jar check-dns --from DOMAIN [--ip ADDRESS]";

    /** What the command reads from the configuration. */
    public record Setup(DnsSettings dns, DkimKeys dkimKeys) {
    }

    /** Reads the setup when the command runs (a bad configuration is then a message, not a stack trace). */
    @FunctionalInterface
    public interface SetupReader {
        Setup read() throws Exception;
    }

    private final SetupReader setup;
    private final PrintStream out;
    private final PrintStream err;

    public CheckDnsCommand(SluiceLocations locations) {
        this(configuredIn(locations), System.out, System.err);
    }

    public CheckDnsCommand(SetupReader setup, PrintStream out, PrintStream err) {
        this.setup = setup;
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        String domain = null;
        String ip = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--from" -> domain = value;
                case "--ip" -> ip = value;
                default -> {
                    err.println("check-dns: unknown argument '" + args[i] + "'. " + USAGE);
                    return 2;
                }
            }
            if (value == null || value.startsWith("--")) {
                err.println("check-dns: " + args[i] + " needs a value. " + USAGE);
                return 2;
            }
            i++;
        }
        if (domain == null) {
            err.println("check-dns: --from is required. " + USAGE);
            return 2;
        }
        domain = domain.contains("@") ? domain.substring(domain.lastIndexOf('@') + 1) : domain;
        domain = domain.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
        if (!domain.matches("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")) {
            err.println("check-dns: --from '" + domain + "' is not a domain name. " + USAGE);
            return 2;
        }
        InetAddress address = null;
        if (ip != null) {
            if (!ip.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                err.println("check-dns: --ip '" + ip + "' is not an IPv4 or IPv6 address. " + USAGE);
                return 2;
            }
            try {
                address = InetAddress.getByName(ip); // a literal: no lookup
            } catch (java.net.UnknownHostException e) {
                err.println("check-dns: --ip '" + ip + "' is not an IPv4 or IPv6 address. " + USAGE);
                return 2;
            }
        }
        Setup s;
        try {
            s = setup.read();
        } catch (Exception e) {
            err.println("check-dns: configuration: " + e.getMessage());
            return 2;
        }
        List<CheckResult> results = new DnsPreflight(new DnsQuery(s.dns().resolver()))
                .run(domain, address, s.dkimKeys().forDomain(domain));
        out.println("DNS pre-flight for " + domain + (address == null ? "" : " sending from " + address.getHostAddress()));
        results.forEach(r -> out.println(r.line()));
        boolean failed = DnsPreflight.requirementFailed(results);
        out.println(failed ? "A Gmail/Yahoo bulk-sender requirement is not met (exit 1); see docs/deliverability.md"
                : "Gmail/Yahoo bulk-sender DNS requirements met" + (address == null ? " (PTR not checked: give --ip)" : ""));
        return failed ? 1 : 0;
    }

    /**
     * The setup from Sluice's configuration (file, environment, -D): {@code sluice.dns.servers} and
     * {@code .timeout} (uncached: a pre-flight check wants what DNS says now) and the {@code dkim:} keys of
     * {@code sluice.domains.files}.
     */
    public static SetupReader configuredIn(SluiceLocations locations) {
        return () -> ConfiguredDatabase.withProperties(locations, context -> {
            PropertiesComponent props = context.getPropertiesComponent();
            String servers = props.resolveProperty("sluice.dns.servers").orElse("");
            String timeout = props.resolveProperty("sluice.dns.timeout").map(String::trim).orElse("");
            DnsSettings dns = new DnsSettings(DnsSettings.parseServers(servers),
                    timeout.isEmpty() ? DnsSettings.DEFAULT_TIMEOUT : Durations.parse(timeout), false,
                    DnsSettings.DEFAULT_MIN_TTL, DnsSettings.DEFAULT_MAX_TTL);
            Path configDir = locations.configDir();
            List<Path> files = PolicyFiles.of(props.resolveProperty("sluice.domains.files").orElse("domains.yaml"),
                    configDir).files();
            return new Setup(dns, DkimKeys.load(DomainsDocument.load(files).dkim(), configDir));
        });
    }
}
