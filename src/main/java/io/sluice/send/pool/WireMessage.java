package io.sluice.send.pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

import jakarta.activation.DataSource;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.mail.util.SharedByteArrayInputStream;

/**
 * A message rendered once into the bytes that go on the wire, before it is handed to an SMTP session.
 *
 * <p>Why (profiled, docs/benchmarks.md "Profiled run (stop 5)"): jakarta.mail writes a message's body through
 * its transfer encoder byte by byte, and Angus's SMTP data stream under it (dot-stuffing, CRLF, then a synchronized
 * {@code BufferedOutputStream}) handles each of those bytes again: 22 % of Sluice's CPU for a 2 KB quoted-printable
 * HTML body. Before that, {@code saveChanges()} read every text part once more just to choose its
 * Content-Transfer-Encoding (11 %). Here the encoding is chosen by one scan over the part's bytes (the same rule as
 * {@code MimeUtility.getEncoding}), the message is written once into a plain byte buffer, and what the session
 * receives is a {@link MimeMessage} parsed from those bytes: jakarta.mail writes an unmodified parsed message as its
 * header lines and one block of content, so Angus's stream sees a few large writes instead of one per byte.
 * What {@code SMTPTransport} then writes is exactly what it would have written for the original message (same
 * encoder, same headers; it leaves {@code Bcc} and {@code Content-Length} out of both).
 */
final class WireMessage {

    /** RFC 5322 2.1.1: a line must not exceed 998 characters (without CRLF). */
    private static final int MAX_LINE = 998;

    private WireMessage() {
    }

    /**
     * Renders {@code message}: chooses the transfer encoding of its text parts that have none, saves its changes
     * and writes it once; the Message-ID and Date of {@code message} are kept as they are.
     *
     * @return the same message, as parsed from its wire bytes (ready for {@code Transport.sendMessage})
     */
    static MimeMessage render(MimeMessage message) throws MessagingException {
        chooseTransferEncodings(message);
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId); // saveChanges() replaces it with a generated one
        }
        Buffer wire = new Buffer(4096);
        try {
            // every header, Bcc included: the parsed message must name the same recipients; SMTPTransport leaves
            // Bcc and Content-Length out of DATA itself when it writes the message
            message.writeTo(wire);
        } catch (IOException e) {
            throw new MessagingException("could not render the message", e); // a byte buffer does not fail
        }
        return new MimeMessage(message.getSession(), wire.toInputStream());
    }

    /**
     * Sets the Content-Transfer-Encoding of each text leaf whose content is held in memory and that has none, so
     * {@code saveChanges()} does not read the content again to find it. Other parts are left to jakarta.mail.
     */
    static void chooseTransferEncodings(Part part) throws MessagingException {
        try {
            if (part.isMimeType("multipart/*")) {
                Object content = part.getContent();
                if (content instanceof Multipart multipart) {
                    for (int i = 0; i < multipart.getCount(); i++) {
                        BodyPart child = multipart.getBodyPart(i);
                        chooseTransferEncodings(child);
                    }
                }
                return;
            }
            if (part.getHeader("Content-Transfer-Encoding") != null || !part.isMimeType("text/*")) {
                return;
            }
            DataSource source = part.getDataHandler().getDataSource();
            if (!(source instanceof ByteArrayDataSource)) {
                return;
            }
            byte[] bytes;
            try (InputStream in = source.getInputStream()) {
                bytes = in.readAllBytes();
            }
            part.setHeader("Content-Transfer-Encoding", textEncoding(bytes));
        } catch (IOException e) {
            throw new MessagingException("could not read a part of the message", e);
        }
    }

    /**
     * The transfer encoding jakarta.mail's {@code MimeUtility.getEncoding} chooses for text: 7bit when every byte
     * is ASCII text and no line is longer than 998; quoted-printable when at most half the bytes are not; base64
     * otherwise.
     */
    static String textEncoding(byte[] bytes) {
        int ascii = 0;
        int nonAscii = 0;
        int lineLength = 0;
        boolean longLine = false;
        for (byte value : bytes) {
            int b = value & 0xff;
            if (b == '\r' || b == '\n') {
                lineLength = 0;
            } else if (++lineLength > MAX_LINE) {
                longLine = true;
            }
            if (b >= 0x7f || b < 0x20 && b != '\r' && b != '\n' && b != '\t') {
                nonAscii++;
            } else {
                ascii++;
            }
        }
        if (nonAscii == 0 && !longLine) {
            return "7bit";
        }
        return nonAscii <= ascii ? "quoted-printable" : "base64";
    }

    /** A growable byte buffer without {@code ByteArrayOutputStream}'s lock per written byte. */
    static final class Buffer extends OutputStream {
        private byte[] bytes;
        private int size;

        Buffer(int initialCapacity) {
            bytes = new byte[initialCapacity];
        }

        @Override
        public void write(int b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (size + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        SharedByteArrayInputStream toInputStream() {
            return new SharedByteArrayInputStream(bytes, 0, size);
        }
    }
}
