package io.sluice.send.pool;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailAuthenticator;

/**
 * camel-mail's sender for one endpoint, sending over pooled connections instead of one connection per message.
 *
 * <p>Configuration (host, port, protocol, session, credentials) lives in the {@link DefaultJavaMailSender}
 * camel-mail built for the endpoint, so it is exactly what camel-mail would have used. {@link #send} keeps
 * {@code DefaultJavaMailSender}'s contract: a missing Date is set, and the Message-ID the caller set survives
 * {@code saveChanges()} (which would otherwise replace it with a generated one).
 */
public final class PooledJavaMailSender implements JavaMailSender {

    private final DefaultJavaMailSender configuration;
    private final SmtpConnectionPool pool;

    public PooledJavaMailSender(DefaultJavaMailSender configuration, SmtpConnectionPool pool) {
        this.configuration = configuration;
        this.pool = pool;
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        if (message.getHeader("Date", null) == null) {
            message.setHeader("Date", SentDate.now());
        }
        pool.send(destination(), this::connect, WireMessage.forTransport(message));
    }

    /** Read at each send: camel-mail may still call the setters after building this sender. */
    Destination destination() {
        Properties p = getJavaMailProperties();
        boolean tlsRequired = p != null && Boolean.parseBoolean(p.getProperty("mail." + getProtocol() + ".starttls.required"));
        PasswordAuthentication login = configuration.getPasswordAuthentication();
        return new Destination(getProtocol(), getHost(), getPort(), login.getUserName(), tlsRequired,
                Destination.fingerprint(login.getPassword()));
    }

    /** What DefaultJavaMailSender does before each message; here once per pooled connection. */
    private Transport connect() throws MessagingException {
        Transport transport = getSession().getTransport(getProtocol());
        PasswordAuthentication login = configuration.getPasswordAuthentication();
        transport.connect(getHost(), getPort(), login.getUserName(), login.getPassword());
        return transport;
    }

    // --- configuration: delegated to camel-mail's own sender ------------------------------------------------

    @Override
    public Properties getJavaMailProperties() {
        return configuration.getJavaMailProperties();
    }

    @Override
    public void setJavaMailProperties(Properties properties) {
        configuration.setJavaMailProperties(properties);
    }

    @Override
    public void addAdditionalJavaMailProperty(String key, String value) {
        configuration.addAdditionalJavaMailProperty(key, value);
    }

    @Override
    public void setHost(String host) {
        configuration.setHost(host);
    }

    @Override
    public String getHost() {
        return configuration.getHost();
    }

    @Override
    public void setPort(int port) {
        configuration.setPort(port);
    }

    @Override
    public int getPort() {
        return configuration.getPort();
    }

    @Override
    public void setUsername(String username) {
        configuration.setUsername(username);
    }

    @Override
    public String getUsername() {
        return configuration.getUsername();
    }

    @Override
    public void setPassword(String password) {
        configuration.setPassword(password);
    }

    @Override
    public String getPassword() {
        return configuration.getPassword();
    }

    @Override
    public void setProtocol(String protocol) {
        configuration.setProtocol(protocol);
    }

    @Override
    public String getProtocol() {
        return configuration.getProtocol();
    }

    @Override
    public void setSession(Session session) {
        configuration.setSession(session);
    }

    @Override
    public Session getSession() {
        return configuration.getSession();
    }

    @Override
    public void setAuthenticator(MailAuthenticator authenticator) {
        configuration.setAuthenticator(authenticator);
    }

    @Override
    public MailAuthenticator getAuthenticator() {
        return configuration.getAuthenticator();
    }
}
