package io.sluice.dnscheck;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** DMARC (RFC 7489): a {@code v=DMARC1} TXT at {@code _dmarc.<domain>}; its policy is shown. */
public final class DmarcCheck {

    private final DnsQuery dns;

    public DmarcCheck(DnsQuery dns) {
        this.dns = dns;
    }

    public CheckResult check(String domain) {
        String name = "_dmarc." + domain;
        String fix = "publish a TXT record at " + name + ": \"v=DMARC1; p=none; rua=mailto:dmarc@" + domain
                + "\" (p=none is enough for Gmail/Yahoo; tighten to quarantine/reject once reports are clean)";
        try {
            List<String> records = dns.txt(name).stream()
                    .filter(t -> t.toLowerCase(Locale.ROOT).replace(" ", "").startsWith("v=dmarc1")).toList();
            if (records.isEmpty()) {
                return CheckResult.fail("DMARC", "no v=DMARC1 TXT record at " + name, fix);
            }
            if (records.size() > 1) {
                return CheckResult.fail("DMARC", records.size() + " DMARC records at " + name + " (receivers ignore them all)",
                        "keep one");
            }
            String policy = tag(records.get(0), "p");
            if (policy == null) {
                return CheckResult.fail("DMARC", "\"" + records.get(0) + "\" has no p= tag", fix);
            }
            return CheckResult.pass("DMARC", "p=" + policy + " (\"" + records.get(0) + "\")");
        } catch (IOException e) {
            return CheckResult.fail("DMARC", "lookup failed: " + e.getMessage(), "check that the domain's DNS servers answer");
        }
    }

    /** The value of tag {@code name} in a {@code tag=value; ...} record (DMARC and DKIM use the same syntax). */
    static String tag(String record, String name) {
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return part.substring(eq + 1).replaceAll("\\s", "");
            }
        }
        return null;
    }
}
