package io.sluice.dnscheck;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SPF (RFC 7208): a {@code v=spf1} TXT at the From domain; with an IP, whether it authorises that address.
 * Evaluates ip4, ip6, a, mx, include, redirect and all, counting DNS-querying terms against the limit of 10
 * (RFC 7208 4.6.4). Macros, {@code exists} and {@code ptr} are not evaluated: the result says so.
 */
public final class SpfCheck {

    static final int LOOKUP_LIMIT = 10;

    private final DnsQuery dns;
    private int lookups;
    private final List<String> notEvaluated = new ArrayList<>();

    public SpfCheck(DnsQuery dns) {
        this.dns = dns;
    }

    public CheckResult check(String domain, InetAddress ip) {
        try {
            List<String> records = spfRecords(domain);
            if (records.isEmpty()) {
                return CheckResult.fail("SPF", "no v=spf1 TXT record at " + domain,
                        "publish a TXT record at " + domain + ": \"v=spf1 " + (ip == null ? "ip4:<your sending IP>"
                                : (ip.getAddress().length == 4 ? "ip4:" : "ip6:") + ip.getHostAddress()) + " -all\"");
            }
            if (records.size() > 1) {
                return CheckResult.fail("SPF", records.size() + " v=spf1 records at " + domain + " (a permerror)",
                        "merge them into one TXT record");
            }
            if (ip == null) {
                return CheckResult.pass("SPF", "\"" + records.get(0) + "\" (give --ip to check that it authorises your address)");
            }
            String result = evaluate(domain, ip, 0);
            String note = notEvaluated.isEmpty() ? "" : "; not evaluated: " + String.join(", ", notEvaluated);
            String detail = "\"" + records.get(0) + "\" -> " + result + " for " + ip.getHostAddress() + note;
            if (result.equals("pass")) {
                return CheckResult.pass("SPF", detail);
            }
            return CheckResult.fail("SPF", detail, result.startsWith("permerror")
                    ? "fix the record (at most " + LOOKUP_LIMIT + " DNS-querying terms: include, a, mx, redirect)"
                    : "add " + (ip.getAddress().length == 4 ? "ip4:" : "ip6:") + ip.getHostAddress()
                    + " (or an include: of your provider) before the all term of " + domain + "'s SPF record");
        } catch (IOException e) {
            return CheckResult.fail("SPF", "lookup failed: " + e.getMessage(), "check that the domain's DNS servers answer");
        }
    }

    private List<String> spfRecords(String domain) throws IOException {
        return dns.txt(domain).stream()
                .filter(t -> t.toLowerCase(Locale.ROOT).equals("v=spf1") || t.toLowerCase(Locale.ROOT).startsWith("v=spf1 "))
                .toList();
    }

    /** pass, fail, softfail, neutral, none or "permerror (why)". */
    private String evaluate(String domain, InetAddress ip, int depth) throws IOException {
        List<String> records = spfRecords(domain);
        if (records.size() != 1) {
            return records.isEmpty() ? "none" : "permerror (" + records.size() + " SPF records at " + domain + ")";
        }
        String redirect = null;
        for (String term : records.get(0).trim().split("\\s+")) {
            String t = term.toLowerCase(Locale.ROOT);
            if (t.equals("v=spf1") || t.isEmpty()) {
                continue;
            }
            if (t.startsWith("redirect=")) {
                redirect = t.substring("redirect=".length());
                continue;
            }
            if (t.contains("=")) {
                continue; // other modifiers (exp=) do not change the result
            }
            char q = "+-~?".indexOf(t.charAt(0)) >= 0 ? t.charAt(0) : '+';
            String mech = "+-~?".indexOf(t.charAt(0)) >= 0 ? t.substring(1) : t;
            if (t.contains("%{")) {
                notEvaluated.add(term + " (macro)");
                continue;
            }
            Boolean match = matches(mech, domain, ip, depth);
            if (match == null) {
                return "permerror (more than " + LOOKUP_LIMIT + " DNS lookups)";
            }
            if (match) {
                return switch (q) {
                    case '-' -> "fail";
                    case '~' -> "softfail";
                    case '?' -> "neutral";
                    default -> "pass";
                };
            }
        }
        if (redirect != null) {
            if (++lookups > LOOKUP_LIMIT) {
                return "permerror (more than " + LOOKUP_LIMIT + " DNS lookups)";
            }
            return evaluate(redirect, ip, depth + 1);
        }
        return "neutral";
    }

    /** Whether the mechanism matches; null when the lookup limit is exceeded. */
    private Boolean matches(String mech, String domain, InetAddress ip, int depth) throws IOException {
        // a, a/24, a:host, a:host/24 (and the same for mx)
        String name = mech.contains(":") ? mech.substring(mech.indexOf(':') + 1) : domain + mech.replaceAll("^[^/]*", "");
        String kind = mech.replaceAll("[:/].*", "");
        switch (kind) {
            case "all":
                return true;
            case "ip4", "ip6":
                return inNetwork(ip, mech.substring(4));
            case "include", "a", "mx":
                if (++lookups > LOOKUP_LIMIT) {
                    return null;
                }
                break;
            default:
                notEvaluated.add(mech + " (" + kind + ")");
                return false;
        }
        int slash = name.indexOf('/');
        String prefix = slash < 0 ? "" : name.substring(slash);
        String host = slash < 0 ? name : name.substring(0, slash);
        if (kind.equals("include")) {
            String inner = evaluate(host, ip, depth + 1);
            return inner.startsWith("permerror") && inner.contains("lookups") ? null : inner.equals("pass");
        }
        List<String> hosts = kind.equals("a") ? List.of(host) : dns.mx(host);
        for (String h : hosts) {
            for (InetAddress a : dns.addresses(h)) {
                if (inNetwork(ip, a.getHostAddress() + prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean inNetwork(InetAddress ip, String cidr) {
        try {
            int slash = cidr.indexOf('/');
            if (!cidr.matches("[0-9A-Fa-f:.]+(/[0-9]{1,3})?")) {
                return false; // only literals: getByName would look a name up
            }
            InetAddress net = InetAddress.getByName(slash < 0 ? cidr : cidr.substring(0, slash));
            if (net.getAddress().length != ip.getAddress().length) {
                return false;
            }
            int bits = net.getAddress().length * 8;
            int prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
            if (prefix == 0) {
                return true;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE.shiftLeft(bits - prefix));
            return new BigInteger(1, net.getAddress()).and(mask).equals(new BigInteger(1, ip.getAddress()).and(mask));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
