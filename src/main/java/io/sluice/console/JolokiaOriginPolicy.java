package io.sluice.console;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Jolokia's CSRF protection for the console: a Jolokia access policy with {@code <cors><strict-checking/>}, so that
 * Jolokia refuses a request whose {@code Origin} (or, without one, {@code Referer}) is not the console's own address.
 * Why: the session cookie of a logged-in browser goes with every request to the console, also one that another
 * site's page makes; Hawtio's war has no policy (any origin is served). Requests with neither header (scripts,
 * curl with Basic credentials) are no browser's cross-site requests and are served.
 * <p>
 * The console's addresses follow {@code sluice.console.host} and {@code port}: loopback is reachable as
 * {@code 127.0.0.1}, {@code localhost} and {@code [::1]}; all interfaces ({@code 0.0.0.0}) as this machine's names
 * and addresses. Port 0 (tests: a free port, chosen by Tomcat after this is written) allows any port of those hosts.
 */
final class JolokiaOriginPolicy {

    static final String FILE = "jolokia-access.xml";

    private JolokiaOriginPolicy() {
    }

    /** Writes the policy under {@code dir}; the {@code file:} URI Jolokia's {@code policyLocation} takes. */
    static String write(Path dir, String host, int port) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!-- written by Sluice at each console start (io.sluice.console.JolokiaOriginPolicy) -->\n")
                .append("<restrict>\n  <cors>\n");
        for (String origin : origins(host, port)) {
            xml.append("    <allow-origin>").append(origin).append("</allow-origin>\n");
            if (port != 0) {
                xml.append("    <allow-origin>").append(origin).append("/*</allow-origin>\n"); // Referer: a page URL
            }
        }
        xml.append("    <strict-checking/>\n  </cors>\n</restrict>\n");
        Path file = Files.createDirectories(dir).resolve(FILE);
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file.toUri().toString();
    }

    /** The console's own origins, e.g. {@code http://127.0.0.1:8181}; with port 0 {@code http://127.0.0.1:*}. */
    static Set<String> origins(String host, int port) {
        Set<String> origins = new LinkedHashSet<>();
        for (String name : hostNames(host)) {
            String literal = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
            origins.add(("http://" + literal + ":" + (port == 0 ? "*" : String.valueOf(port))).toLowerCase());
        }
        return origins;
    }

    private static Set<String> hostNames(String host) {
        Set<String> names = new LinkedHashSet<>();
        String h = host == null || host.isBlank() ? "0.0.0.0" : host.trim();
        names.add(h);
        try {
            InetAddress address = InetAddress.getByName(h);
            if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                names.add("127.0.0.1");
                names.add("localhost");
                names.add("[::1]");
            }
            if (address.isAnyLocalAddress()) {
                names.remove(h);
                InetAddress local = InetAddress.getLocalHost();
                names.add(local.getHostName());
                names.add(local.getCanonicalHostName());
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        names.add(a.getHostAddress().replaceAll("%.*$", "")); // no IPv6 scope (%eth0)
                    }
                }
            }
        } catch (IOException e) {
            // an unresolvable name: only the name as configured
        }
        return names;
    }
}
