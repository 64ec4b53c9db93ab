package io.sluice.dkim;

import java.security.MessageDigest;

/**
 * DKIM's "relaxed" canonicalisation (RFC 6376 3.4.2 and 3.4.4), of header lines as jakarta.mail writes them and of
 * a body as it goes on the wire.
 *
 * <p>Line ends: the SMTP data stream (Angus's {@code SMTPOutputStream}) writes a bare CR, a bare LF and CRLF all as
 * CRLF, and ends the data with a CRLF; so does this canonicaliser, so the hash is that of what the receiver gets.
 * The body is fed to the digest through a buffer of this thread, so hashing allocates nothing per message.
 */
final class RelaxedCanonicalizer {

    private static final int CHUNK = 8192;

    /** One buffer and one SHA-256 per sending thread. */
    private static final ThreadLocal<RelaxedCanonicalizer> PER_THREAD = ThreadLocal.withInitial(RelaxedCanonicalizer::new);

    private final byte[] out = new byte[CHUNK + 4];
    private final MessageDigest sha256;
    private int size;

    private RelaxedCanonicalizer() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The SHA-256 of the relaxed canonical form of {@code body[from, to)}. */
    static byte[] bodyHash(byte[] body, int from, int to) {
        return PER_THREAD.get().hash(body, from, to);
    }

    /** The SHA-256 of {@code data} (RFC 8463: Ed25519 signs the hash of the header data, not the data). */
    static byte[] sha256(byte[] data) {
        MessageDigest d = PER_THREAD.get().sha256;
        d.reset();
        return d.digest(data);
    }

    private byte[] hash(byte[] body, int from, int to) {
        sha256.reset();
        size = 0;
        int emptyLines = 0;
        int i = from;
        while (i < to) {
            int lineEnd = i;
            while (lineEnd < to && body[lineEnd] != '\r' && body[lineEnd] != '\n') {
                lineEnd++;
            }
            // the line without trailing white space, runs of white space as one SP
            int last = lineEnd;
            while (last > i && isWsp(body[last - 1])) {
                last--;
            }
            if (last == i) {
                emptyLines++; // written only if a non-empty line follows: trailing empty lines are dropped
            } else {
                for (; emptyLines > 0; emptyLines--) {
                    crlf();
                }
                boolean inWsp = false;
                for (int j = i; j < last; j++) {
                    byte b = body[j];
                    if (isWsp(b)) {
                        inWsp = true;
                    } else {
                        if (inWsp) {
                            put((byte) ' ');
                            inWsp = false;
                        }
                        put(b);
                    }
                }
                crlf();
            }
            if (lineEnd < to && body[lineEnd] == '\r' && lineEnd + 1 < to && body[lineEnd + 1] == '\n') {
                lineEnd++;
            }
            i = lineEnd + 1;
        }
        sha256.update(out, 0, size);
        return sha256.digest();
    }

    private void crlf() {
        put((byte) '\r');
        put((byte) '\n');
    }

    private void put(byte b) {
        if (size == CHUNK) {
            sha256.update(out, 0, size);
            size = 0;
        }
        out[size++] = b;
    }

    private static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }

    /**
     * Appends the relaxed form of one header line ({@code Name: value}, folded or not) with its CRLF, or without it
     * when {@code crlf} is false (the DKIM-Signature header itself ends the signed data without one).
     */
    static void header(String line, StringBuilder into, boolean crlf) {
        int colon = line.indexOf(':');
        int nameEnd = colon;
        while (nameEnd > 0 && (line.charAt(nameEnd - 1) == ' ' || line.charAt(nameEnd - 1) == '\t')) {
            nameEnd--;
        }
        for (int i = 0; i < nameEnd; i++) {
            char c = line.charAt(i);
            into.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        into.append(':');
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = colon + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n') {
                continue; // unfold
            }
            if (c == ' ' || c == '\t') {
                pendingSpace = started;
            } else {
                if (pendingSpace) {
                    into.append(' ');
                    pendingSpace = false;
                }
                into.append(c);
                started = true;
            }
        }
        if (crlf) {
            into.append("\r\n");
        }
    }

    /** The name of a header line, as written. */
    static String name(String line) {
        int colon = line.indexOf(':');
        return (colon < 0 ? line : line.substring(0, colon)).trim();
    }
}
