package io.sluice.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.subethamail.smtp.server.SMTPServer;

/**
 * An in-JVM SubEthaSMTP server on a free loopback port that keeps the bytes it received per recipient (the last
 * message of each), for tests that check what went on the wire.
 */
public final class RecordingSmtpServer implements AutoCloseable {

    private final Map<String, byte[]> received = new ConcurrentHashMap<>();
    private final SMTPServer server;

    private RecordingSmtpServer() throws IOException {
        server = SMTPServer.port(freePort()).bindAddress(InetAddress.getLoopbackAddress())
                .messageHandler((context, from, to, data) -> received.put(to, data)).build();
        server.start();
    }

    public static RecordingSmtpServer start() throws IOException {
        return new RecordingSmtpServer();
    }

    /** {@code smtp://127.0.0.1:PORT}, for a domains.yaml transport. */
    public String uri() {
        return "smtp://127.0.0.1:" + server.getPortAllocated();
    }

    /** What each recipient received, as the server read it (CRLF line ends, dots unstuffed). */
    public Map<String, byte[]> received() {
        return received;
    }

    /** A free loopback port (for listeners tests start beside the server). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
