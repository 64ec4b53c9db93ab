package io.sluice.bench;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import java.net.Socket;
import java.net.SocketException;
import java.util.Map;

/**
 * GreenMail whose IMAP server sets TCP_NODELAY on its connections, as production IMAP servers do (Dovecot, Cyrus).
 * GreenMail 2.1 does not: it writes a response in several small writes, Nagle's algorithm holds each next one until
 * the client's delayed ACK (~40 ms), and every IMAP command then costs ~40 ms whatever the client does (bench/bounces
 * measured 4 mails/s against the stock server, with the reading thread 98 % idle). Use {@link #imapPort()}, not
 * {@code getImap()} (which casts to GreenMail's final ImapServer class).
 */
final class NoDelayGreenMail extends GreenMail {

    NoDelayGreenMail(ServerSetup imap) {
        super(imap);
    }

    int imapPort() {
        return services.get(ServerSetup.PROTOCOL_IMAP).getPort();
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers mgr) {
        Map<String, AbstractServer> all = super.createServices(config, mgr);
        for (ServerSetup setup : config) {
            if (setup.getProtocol().equals(ServerSetup.PROTOCOL_IMAP)) {
                all.put(setup.getProtocol(), new NoDelayImapServer(setup, mgr));
            }
        }
        return all;
    }

    private static final class NoDelayImapServer extends AbstractServer {

        NoDelayImapServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket);
        }

        @Override
        protected void handleClientSocket(Socket socket) throws SocketException {
            socket.setTcpNoDelay(true);
            super.handleClientSocket(socket);
        }
    }
}
