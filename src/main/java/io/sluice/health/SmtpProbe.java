package io.sluice.health;

import io.sluice.domains.SmtpTransport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Whether one SMTP transport answers: TCP connect, the {@code 220} greeting, {@code EHLO}, {@code QUIT}, each
 * bounded by the timeout. No mail transaction, no AUTH (nothing secret is ever sent). For {@code smtps://} only the
 * TCP connect is checked: a TLS handshake would need the peer's trust settings, which the check has no business
 * duplicating.
 */
final class SmtpProbe {

    /** Longest reply text kept in a result (greetings can be long banners). */
    private static final int MAX_TEXT = 160;

    private SmtpProbe() {
    }

    /** @return what answered, e.g. "220 mx.example ESMTP, EHLO 250"; throws when the transport is not usable */
    static String probe(SmtpTransport transport, String heloName, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(transport.host(), transport.port()), millis);
            if ("smtps".equals(transport.scheme())) {
                return "TCP connect (TLS not checked)";
            }
            socket.setSoTimeout(millis);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            String greeting = reply(in);
            if (!greeting.startsWith("220")) {
                throw new IOException("greeting " + greeting);
            }
            out.write(("EHLO " + heloName + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String ehlo = reply(in);
            try {
                // the answer to QUIT is only politeness: do not let a slow one turn a reachable peer DOWN
                socket.setSoTimeout(Math.min(millis, 500));
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                reply(in);
            } catch (IOException ignored) {
                // the peer may close without answering QUIT; it answered what matters
            }
            if (!ehlo.startsWith("250")) {
                throw new IOException("EHLO answered " + ehlo);
            }
            return greeting + ", EHLO 250";
        }
    }

    /** The last line of a (possibly multi-line) reply, shortened and without control characters. */
    private static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by the peer");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        String clean = line.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > MAX_TEXT ? clean.substring(0, MAX_TEXT) + "..." : clean;
    }
}
