package io.sluice.dnscheck;

import java.io.IOException;
import java.util.List;

/**
 * MX of the From domain: bounces and replies need somewhere to go. Not a Gmail/Yahoo requirement as such, so a
 * failure is advisory (it does not change the exit code), but many receivers reject a sender domain that
 * cannot receive mail.
 */
public final class MxCheck {

    private final DnsQuery dns;

    public MxCheck(DnsQuery dns) {
        this.dns = dns;
    }

    public CheckResult check(String domain) {
        String fix = "publish an MX record for " + domain + " pointing at a host that accepts bounces";
        try {
            List<String> hosts = dns.mx(domain);
            if (hosts.isEmpty()) {
                return CheckResult.fail("MX", "no MX record for " + domain, fix).advisory();
            }
            if (hosts.equals(List.of("")) || hosts.equals(List.of("."))) {
                return CheckResult.fail("MX", domain + " has a null MX (accepts no mail)", fix).advisory();
            }
            return CheckResult.pass("MX", String.join(", ", hosts));
        } catch (IOException e) {
            return CheckResult.fail("MX", "lookup failed: " + e.getMessage(), fix).advisory();
        }
    }
}
