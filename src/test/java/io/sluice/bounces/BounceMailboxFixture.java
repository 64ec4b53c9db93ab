package io.sluice.bounces;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.sluice.testsupport.Campaign;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Set;

/** What the bounce-mailbox tests share: seeding Sent rows, delivering mail to GreenMail, reading folders and the MBean. */
final class BounceMailboxFixture {

    static final String VERP_DOMAIN = "bounce.example.test";
    static final String VERP_SECRET = "verp-secret-0123456789abcdef-0123";
    static final String MAILBOX_PASSWORD = "Mailbox-Secret-8c41f0";
    static final String MAILBOX_USER = "bounces";
    /** Any address of the bounce domain that is not a VERP address: the bounce must be matched by Message-ID. */
    static final String PLAIN = "bounces@" + VERP_DOMAIN;

    static final ReturnPath RETURN_PATH = ReturnPath.of(VERP_DOMAIN, VERP_SECRET).orElseThrow();

    private final Campaign campaign;
    private final long delivery;

    BounceMailboxFixture(Campaign campaign) throws Exception {
        this.campaign = campaign;
        this.delivery = campaign.delivery().create();
    }

    long delivery() {
        return delivery;
    }

    /** A broadlog row Sent to {@code address}, as the result writer leaves it. */
    long sent(String address) throws Exception {
        long row = campaign.pending(delivery, address);
        campaign.execute("UPDATE NmsBroadLogRcp SET iStatus = 1, sAddress = '" + address + "', sDomain = '"
                + address.substring(address.indexOf('@') + 1) + "', tsEvent = CURRENT_TIMESTAMP WHERE iBroadLogId = "
                + row);
        return row;
    }

    /** The Message-ID Sluice gave the row's message (io.sluice.message.MessageIds). */
    String messageId(long row) {
        return "<sluice." + row + "." + delivery + ".k3x9@example.com>";
    }

    /** A started GreenMail on a free loopback port serving {@code protocol} with the bounce mailbox's user. */
    static GreenMail mailbox(String protocol) {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", protocol).dynamicPort());
        mail.start();
        mail.setUser(MAILBOX_USER + "@" + VERP_DOMAIN, MAILBOX_USER, MAILBOX_PASSWORD);
        return mail;
    }

    static void deliver(GreenMail mail, byte[] raw) throws Exception {
        GreenMailUser user = mail.getUserManager().getUser(MAILBOX_USER);
        user.deliver(Corpus.message(raw));
    }

    static int count(GreenMail mail, String folder) throws Exception {
        GreenMailUser user = mail.getUserManager().getUser(MAILBOX_USER);
        MailFolder f = "INBOX".equals(folder) ? mail.getManagers().getImapHostManager().getInbox(user)
                : mail.getManagers().getImapHostManager().getFolder(user, folder);
        return f == null ? 0 : f.getMessageCount();
    }

    /** An attribute of this test's sluice[.instance]:type=Bounces. */
    static Object mbean(String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("sluice*:type=Bounces"), null);
        if (names.size() != 1) {
            throw new IllegalStateException("expected one Bounces MBean, found " + names);
        }
        return server.getAttribute(names.iterator().next(), attribute);
    }

    long inbound(String where) throws Exception {
        return campaign.count("SELECT COUNT(*) FROM SluiceInboundMail WHERE " + where);
    }

    long addressStatus(String address) throws Exception {
        return campaign.count("SELECT COALESCE(MAX(iStatus), -1) FROM NmsAddress WHERE sAddress = '" + address + "'");
    }
}
