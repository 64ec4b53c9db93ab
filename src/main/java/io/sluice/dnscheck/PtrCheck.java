package io.sluice.dnscheck;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** PTR of the sending IP, and whether that name resolves back to the same IP (forward-confirmed reverse DNS). */
public final class PtrCheck {

    private final DnsQuery dns;

    public PtrCheck(DnsQuery dns) {
        this.dns = dns;
    }

    public CheckResult check(InetAddress ip) {
        String addr = ip.getHostAddress();
        try {
            List<String> names = dns.ptr(ip);
            if (names.isEmpty()) {
                return CheckResult.fail("PTR", "no PTR record for " + addr,
                        "ask whoever owns " + addr + " (your hosting provider) to set its reverse DNS to a name of yours,"
                                + " e.g. mail." + "<your domain>, with an A record back to " + addr);
            }
            for (String name : names) {
                if (dns.addresses(name).contains(ip)) {
                    return CheckResult.pass("PTR", addr + " -> " + name + " -> " + addr + " (forward-confirmed)");
                }
            }
            return CheckResult.fail("PTR", addr + " -> " + String.join(", ", names) + ", which does not resolve back to "
                    + addr, "add an A/AAAA record " + names.get(0) + " -> " + addr + " (or change the PTR to a name that has one)");
        } catch (IOException e) {
            return CheckResult.fail("PTR", "lookup failed: " + e.getMessage(), "check that the reverse zone's DNS servers answer");
        }
    }
}
