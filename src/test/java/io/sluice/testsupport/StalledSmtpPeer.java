package io.sluice.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP server on loopback that answers the envelope (EHLO, MAIL, RCPT, DATA 354) and then stops reading: the
 * client's message write blocks once the socket buffers are full, as against a receiver that hangs mid-DATA. Its
 * receive buffer is kept small so a few megabytes fill them. Only a write timeout gets such a client out.
 */
public final class StalledSmtpPeer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sessions = new CopyOnWriteArrayList<>();
    private final CountDownLatch dataStarted = new CountDownLatch(1);
    private final Thread acceptor;

    public StalledSmtpPeer() throws IOException {
        server = new ServerSocket();
        server.setReceiveBufferSize(4096); // inherited by accepted sockets; must be set before bind
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::accept, "stalled-smtp-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Whether a client got as far as sending the message (DATA answered 354) within {@code seconds}. */
    public boolean awaitData(long seconds) throws InterruptedException {
        return dataStarted.await(seconds, TimeUnit.SECONDS);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sessions.add(s);
                Thread t = new Thread(() -> converse(s), "stalled-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket s) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            reply(out, "220 stalled.test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 stalled.test");
                    case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        dataStarted.countDown();
                        return; // never reads again: the session stays open, unread, until the client closes it
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        s.close();
                        return;
                    }
                    default -> reply(out, "502 5.5.2 not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sessions) {
            s.close();
        }
    }
}
