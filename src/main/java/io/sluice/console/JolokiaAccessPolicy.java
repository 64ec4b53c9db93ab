package io.sluice.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The console's protection against cross-site request forgery, in Jolokia's own terms: a {@code jolokia-access.xml}
 * with {@code <strict-checking/>}, so that a request from a browser page whose Origin (or Referer) is not the console
 * itself is refused before any MBean is touched. Together with the session cookie's {@code SameSite=Strict} (set on
 * the Tomcat context), another site's page can neither ride the operator's session nor call an operation. Scripts
 * without an Origin (curl with Basic credentials) are not browsers and are not affected.
 * <p>
 * Hawtio's Jolokia servlet reads {@code jolokia.*} system properties as its settings; the file is written under the
 * console's work directory at each start, for the address the console listens on.
 */
final class JolokiaAccessPolicy {

    static final String FILE = "jolokia-access.xml";

    private JolokiaAccessPolicy() {
    }

    /** The origins a browser shows for this console: its host, and the loopback names when it listens on loopback. */
    static Set<String> origins(String host, int port) {
        String p = port == 0 ? "*" : String.valueOf(port); // a port chosen at start (tests): any port of the host
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
        if (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]")) {
            hosts.add("127.0.0.1");
            hosts.add("localhost");
            hosts.add("[::1]");
        }
        Set<String> origins = new LinkedHashSet<>();
        for (String h : hosts) {
            for (String scheme : new String[]{"http://", "https://"}) {
                origins.add(scheme + h + ":" + p);
                // a same-origin GET carries no Origin, only a Referer: the origin and a path (Hawtio sends
                // Referrer-Policy strict-origin, so the path is "/")
                origins.add(scheme + h + ":" + p + "/*");
            }
        }
        return origins;
    }

    /** Writes the policy and points Hawtio's Jolokia at it (read when the servlet starts). */
    static Path install(Path workDir, String host, int port, List<String> allowedOrigins) throws IOException {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by Sluice at each console start (io.sluice.console.JolokiaAccessPolicy): edits are lost. -->
                <restrict>
                  <cors>
                """);
        Set<String> origins = origins(host, port);
        for (String other : allowedOrigins) { // sluice.console.allowed-origins: a tunnel's, a proxy's
            origins.add(other);
            origins.add(other + "/*");
        }
        for (String origin : origins) {
            xml.append("    <allow-origin>").append(origin).append("</allow-origin>\n");
        }
        xml.append("""
                    <!-- every request's Origin/Referer must be one of the above: Jolokia's CSRF protection -->
                    <strict-checking/>
                  </cors>
                </restrict>
                """);
        Files.createDirectories(workDir);
        Path file = workDir.resolve(FILE);
        Files.writeString(file, xml);
        System.setProperty("jolokia.policyLocation", file.toUri().toString());
        return file;
    }
}
