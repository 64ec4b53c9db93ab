package io.sluice.smtpsim;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** A real SMTP client (Jakarta Mail / Angus) pointed at a simulator; no mocks. */
final class SmtpClient {

    private final Session session;

    SmtpClient(SmtpSimulator simulator) {
        this(simulator, new Properties());
    }

    SmtpClient(SmtpSimulator simulator, Properties extra) {
        Properties props = new Properties();
        props.put("mail.smtp.host", simulator.host());
        props.put("mail.smtp.port", String.valueOf(simulator.port()));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "10000");
        props.putAll(extra);
        this.session = Session.getInstance(props);
    }

    MimeMessage message(String from, String subject, String body, String... to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject);
        message.setText(body);
        message.saveChanges();
        return message;
    }

    /** Sends over a new connection, like {@code Transport.send}. */
    void send(String from, String subject, String body, String... to) throws MessagingException {
        Transport.send(message(from, subject, body, to));
    }

    /** A connected transport for several messages over one session; the caller closes it. */
    Transport connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        transport.connect();
        return transport;
    }
}
