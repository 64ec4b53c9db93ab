package io.sluice.dnscheck;

import io.sluice.dkim.DkimKey;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** All checks for one From domain (and optionally one sending IP), in the order they are printed. */
public final class DnsPreflight {

    private final DnsQuery dns;

    public DnsPreflight(DnsQuery dns) {
        this.dns = dns;
    }

    /** @param ip the sending address, or null (then the PTR check and SPF's authorisation are skipped) */
    public List<CheckResult> run(String domain, InetAddress ip, List<DkimKey> dkimKeys) {
        List<CheckResult> out = new ArrayList<>();
        out.add(new SpfCheck(dns).check(domain, ip));
        out.addAll(new DkimCheck(dns).check(domain, dkimKeys));
        out.add(new DmarcCheck(dns).check(domain));
        if (ip != null) {
            out.add(new PtrCheck(dns).check(ip));
        }
        out.add(new MxCheck(dns).check(domain));
        return out;
    }

    /** Whether any Gmail/Yahoo bulk-sender requirement failed. */
    public static boolean requirementFailed(List<CheckResult> results) {
        return results.stream().anyMatch(r -> !r.passed() && r.required());
    }
}
