package io.sluice.dnscheck;

import io.sluice.dkim.DkimKey;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * DKIM: for each selector configured for the From domain ({@code domains.yaml} {@code dkim:}), the TXT record
 * {@code <selector>._domainkey.<domain>} exists and its {@code p=} is the public half of the configured private
 * key. No selector configured is itself a failure: Gmail and Yahoo require DKIM of bulk senders.
 */
public final class DkimCheck {

    private final DnsQuery dns;

    public DkimCheck(DnsQuery dns) {
        this.dns = dns;
    }

    public List<CheckResult> check(String domain, List<DkimKey> keys) {
        if (keys.isEmpty()) {
            return List.of(CheckResult.fail("DKIM", "no DKIM key configured for " + domain,
                    "add a selector and private key for " + domain + " to domains.yaml (dkim:), see docs/deliverability.md"));
        }
        List<CheckResult> out = new ArrayList<>();
        for (DkimKey key : keys) {
            out.add(check(key));
        }
        return out;
    }

    private CheckResult check(DkimKey key) {
        String name = key.dnsName();
        String check = "DKIM " + key.selector();
        String fix = "publish a TXT record at " + name + ": \"" + key.dnsRecord() + "\"";
        try {
            List<String> records = dns.txt(name).stream().filter(t -> DmarcCheck.tag(t, "p") != null).toList();
            if (records.isEmpty()) {
                return CheckResult.fail(check, "no DKIM key record (TXT with p=) at " + name, fix);
            }
            String expected = key.publicKeyBase64();
            for (String record : records) {
                if (expected.equals(DmarcCheck.tag(record, "p"))) {
                    return CheckResult.pass(check, name + " matches the key in " + key.file());
                }
            }
            String p = DmarcCheck.tag(records.get(0), "p");
            return CheckResult.fail(check, name + (p.isEmpty() ? " has an empty p= (key revoked)"
                    : " holds a different public key than " + key.file()), "replace it with " + fix.substring("publish ".length()));
        } catch (IOException e) {
            return CheckResult.fail(check, "lookup failed: " + e.getMessage(), "check that the domain's DNS servers answer");
        }
    }
}
