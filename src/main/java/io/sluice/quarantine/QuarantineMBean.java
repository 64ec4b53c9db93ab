package io.sluice.quarantine;

import javax.management.openmbean.CompositeData;

/**
 * {@code sluice:type=Quarantine}: the addresses' quarantine records (NmsAddress) for operators (Hawtio, Jolokia,
 * jconsole). Counts are read from the database on each call.
 */
public interface QuarantineMBean {

    /** One line: the address's status, counted errors and last error; "NOT_FOUND: ..." when it has no record. */
    String lookup(String address);

    /**
     * The same as open data (address, status, errorCount, lastErrorAt, lastErrorText, failureReason, created,
     * modified); null when the address has no record.
     */
    CompositeData details(String address);

    /**
     * Back to Valid with no counted error. A Denylisted address is released from Sluice's denylist only:
     * NmsRecipient.iBlackList (the person's own unsubscribe or complaint) is left set.
     *
     * @return what was done, or "NOT_FOUND: ..." when the address has no record
     */
    String release(String address);

    long getValidCount();

    long getWithErrorsCount();

    long getQuarantineCount();

    long getDenylistedCount();
}
