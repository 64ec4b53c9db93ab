package io.sluice.send.pool;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;

/** Opens (connects) a new transport to a destination; its exceptions reach the caller unchanged. */
@FunctionalInterface
public interface TransportOpener {

    Transport open() throws MessagingException;
}
