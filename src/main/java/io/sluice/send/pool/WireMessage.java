package io.sluice.send.pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
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
 * {@code MimeUtility.getEncoding}; {@link #setText} does it as it builds a part) and the message is written once
 * into a plain byte buffer. From then on the message is what jakarta.mail calls unmodified: {@code writeTo} writes
 * its header lines and then the {@link MimeMessage#content content} bytes in one block, so Angus's stream sees a
 * few large writes instead of one per byte. What {@code SMTPTransport} writes is exactly what it would have written
 * for the message before (same encoder, same headers; it leaves {@code Bcc} and {@code Content-Length} out of both).
 *
 * <p>Sluice's own messages are built as a {@code WireMessage} and {@link #render() rendered} in place (the
 * MessageAssembler hands them to camel-mail as the body, so camel-mail sends them as they are). Any other
 * {@link MimeMessage} (a route that lets camel-mail build the message) is rendered by {@link #forTransport} into a
 * copy parsed from its bytes, which costs a parse per message more.
 *
 * <p>A rendered message must not get new content: {@code setContent} after {@link #render()} is not written
 * unless {@code saveChanges()} is called again. Headers may still be set (a Date added at send time is written).
 */
public final class WireMessage extends MimeMessage {

    /** RFC 5322 2.1.1: a line must not exceed 998 characters (without CRLF). */
    private static final int MAX_LINE = 998;

    public WireMessage(Session session) {
        super(session);
        headers = new WireHeaders();
    }

    /**
     * Renders this message in place: saves its changes and keeps the encoded content bytes that {@code writeTo}
     * then writes. A message without a Date gets the current second's (the time it is handed to SMTP, give or take
     * the send itself). Text parts built with {@link #setText} have their transfer encoding already; for any other
     * part jakarta.mail chooses it here (reading its content once more).
     */
    public void render() throws MessagingException {
        if (getHeader("Date", null) == null) {
            setHeader("Date", SentDate.now()); // saveChanges() would format it under the JVM-wide MailDateFormat lock
        }
        saveChanges();
        Buffer wire = write(this);
        int bodyStart = wire.indexOfBlankLine();
        if (bodyStart < 0) {
            throw new MessagingException("rendered message has no end of headers"); // writeTo always writes one
        }
        content = wire.copyFrom(bodyStart);
        contentStream = null;
        modified = false;
    }

    /**
     * Keeps a Message-ID set by the caller: {@code saveChanges()} calls this to replace it with a generated one
     * (which also looks the local host name up each time).
     */
    @Override
    protected void updateMessageID() throws MessagingException {
        if (getHeader("Message-ID", null) == null) {
            super.updateMessageID();
        }
    }

    /**
     * Makes {@code part} a text part: {@code body}'s bytes in {@code contentType}'s charset (which must be named,
     * e.g. {@code text/html; charset=UTF-8}), and the transfer encoding jakarta.mail would choose for them, found
     * by one scan of those bytes.
     */
    public static <P extends Part> P setText(P part, String body, String contentType, Charset charset)
            throws MessagingException {
        byte[] bytes = body.getBytes(charset);
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, contentType)));
        part.setHeader("Content-Type", contentType);
        part.setHeader("Content-Transfer-Encoding", textEncoding(bytes));
        return part;
    }

    /**
     * The rendered content: the body bytes exactly as {@code writeTo} writes them after the header lines (the SMTP
     * stream then only turns bare CR or LF into CRLF and dot-stuffs). The array itself, not a copy: read it, never
     * change it. For a DKIM body hash over what goes on the wire.
     */
    public byte[] renderedBody() {
        if (!rendered()) {
            throw new IllegalStateException("the message is not rendered");
        }
        return content;
    }

    /**
     * Adds a header line above all others (a trace or signature header: DKIM-Signature goes first, RFC 6376 5.6).
     * A rendered message stays rendered: header lines are written from the headers at each {@code writeTo}.
     */
    public void prependHeader(String name, String value) {
        ((WireHeaders) headers).prepend(name, value);
    }

    /** Whether {@link #render()} ran and nothing has asked for a new rendering since. */
    boolean rendered() {
        return !modified && content != null;
    }

    /**
     * The message to hand to {@code Transport.sendMessage}: a rendered {@code WireMessage} as it is, any other
     * message rendered and parsed back from its wire bytes.
     */
    static MimeMessage forTransport(MimeMessage message) throws MessagingException {
        if (message instanceof WireMessage wire && wire.rendered()) {
            return wire;
        }
        return new MimeMessage(message.getSession(), renderToBuffer(message).toInputStream());
    }

    /**
     * Chooses transfer encodings, saves the changes of {@code message} (keeping its Message-ID; {@code saveChanges()}
     * replaces it with a generated one) and writes it.
     */
    private static Buffer renderToBuffer(MimeMessage message) throws MessagingException {
        chooseTransferEncodings(message);
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
        return write(message);
    }

    /**
     * Writes every header, Bcc included: the rendered message must name the same recipients; SMTPTransport leaves
     * Bcc and Content-Length out of DATA itself.
     */
    private static Buffer write(MimeMessage message) throws MessagingException {
        Buffer wire = new Buffer(4096);
        try {
            message.writeTo(wire);
        } catch (IOException e) {
            throw new MessagingException("could not render the message", e); // a byte buffer does not fail
        }
        return wire;
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

    /** jakarta.mail's headers, plus adding one at the top (addHeader puts new names after the standard ones). */
    private static final class WireHeaders extends jakarta.mail.internet.InternetHeaders {
        void prepend(String name, String value) {
            headers.add(0, new InternetHeader(name, value));
        }
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

        /** Index just after the first empty line (CRLF CRLF: the end of the header lines), or -1. */
        int indexOfBlankLine() {
            for (int i = 3; i < size; i++) {
                if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        byte[] copyFrom(int from) {
            return Arrays.copyOfRange(bytes, from, size);
        }

        SharedByteArrayInputStream toInputStream() {
            return new SharedByteArrayInputStream(bytes, 0, size);
        }
    }
}
