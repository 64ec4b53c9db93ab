package io.sluice.dnscheck;

/**
 * One line of the check.
 *
 * @param check    SPF, DKIM s1, DMARC, PTR, MX
 * @param passed   whether the record is there and right
 * @param required whether a failure breaks a Gmail/Yahoo bulk-sender requirement (and so the exit code)
 * @param detail   what was found
 * @param fix      what to do when it failed (empty when passed)
 */
public record CheckResult(String check, boolean passed, boolean required, String detail, String fix) {

    static CheckResult pass(String check, String detail) {
        return new CheckResult(check, true, true, detail, "");
    }

    static CheckResult fail(String check, String detail, String fix) {
        return new CheckResult(check, false, true, detail, fix);
    }

    /** A failure that is advice, not a bulk-sender requirement: it does not change the exit code. */
    CheckResult advisory() {
        return new CheckResult(check, passed, false, detail, fix);
    }

    public String line() {
        String head = (passed ? "PASS " : required ? "FAIL " : "WARN ") + check + ": " + detail;
        return passed ? head : head + "\n     fix: " + fix;
    }
}
