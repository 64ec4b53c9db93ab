package io.sluice.bounces;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.apache.camel.component.mail.DefaultMailUidGenerator;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-mail's UID generator (option {@code mailUidGenerator}, bean {@code bounceUidGenerator}) that first fetches, in
 * one IMAP FETCH, the flags, envelope (size) and headers of the next {@code perPoll} mails of the folder. camel-mail
 * asks for each mail's Message-ID (this generator's answer) and flags, and later reads every header and the size, one
 * round trip each per mail; prefetched, they are answered from Angus Mail's cache. The key is camel-mail's own
 * ({@link DefaultMailUidGenerator}). A failed prefetch costs only the saving. POP3 mails are not prefetched.
 */
public final class PrefetchingUidGenerator implements MailUidGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchingUidGenerator.class);

    private final DefaultMailUidGenerator delegate = new DefaultMailUidGenerator();
    private final int perPoll;
    /** The folder (an open folder is a new object after each close) and the last message number prefetched. */
    private Folder folder;
    private int prefetchedTo;

    public PrefetchingUidGenerator(int perPoll) {
        this.perPoll = perPoll;
    }

    @Override
    public synchronized String generateUuid(MailEndpoint endpoint, Message message) {
        Folder f = message.getFolder();
        if (f instanceof IMAPFolder && (f != folder || message.getMessageNumber() > prefetchedTo)) {
            folder = f;
            try {
                int from = message.getMessageNumber();
                prefetchedTo = Math.min(f.getMessageCount(), from + perPoll - 1);
                FetchProfile profile = new FetchProfile();
                profile.add(FetchProfile.Item.FLAGS);
                profile.add(FetchProfile.Item.ENVELOPE);
                profile.add(IMAPFolder.FetchProfileItem.HEADERS);
                f.fetch(f.getMessages(from, prefetchedTo), profile);
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("Prefetching the next mails' headers failed (each is read on its own): {}", e.toString());
            }
        }
        return delegate.generateUuid(endpoint, message);
    }
}
