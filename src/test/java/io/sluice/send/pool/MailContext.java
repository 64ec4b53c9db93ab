package io.sluice.send.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A Camel context whose {@code smtp} component is camel-mail with the pool ({@link #pooled}) or without it
 * ({@link #perMessage}): tests send through the real MailProducer, to a real SMTP server on loopback.
 */
final class MailContext implements AutoCloseable {

    private final CamelContext context;
    private final ProducerTemplate template;
    private final SmtpConnectionPool pool;

    private MailContext(SmtpConnectionPool pool) throws Exception {
        this.pool = pool;
        this.context = new DefaultCamelContext();
        MailComponent smtp = new MailComponent();
        smtp.setConfiguration(pool == null ? new org.apache.camel.component.mail.MailConfiguration(context)
                : new PooledMailConfiguration(context, pool));
        smtp.getConfiguration().setConnectionTimeout(5000);
        context.addComponent("smtp", smtp);
        if (pool != null) {
            context.addService(pool, true, true);
        }
        context.start();
        this.template = context.createProducerTemplate();
    }

    static MailContext pooled(SmtpPoolSettings settings) throws Exception {
        return new MailContext(new SmtpConnectionPool(settings, Clock.systemUTC()));
    }

    /** Over {@code pool} (e.g. one built with per-site limits and a held-back predicate). */
    static MailContext pooled(SmtpConnectionPool pool) throws Exception {
        return new MailContext(pool);
    }

    static MailContext perMessage() throws Exception {
        return new MailContext(null);
    }

    static SmtpPoolSettings settings(int maxConnections, int messagesPerConnection) {
        return new SmtpPoolSettings(maxConnections, messagesPerConnection, Duration.ofMinutes(1), Duration.ofSeconds(30));
    }

    SmtpConnectionPool pool() {
        return pool;
    }

    /** Sends one message to {@code to} through {@code smtp://127.0.0.1:port}; returns the exchange (exception inside). */
    Exchange send(int port, String to, String messageId) {
        return template.send("smtp://127.0.0.1:" + port, exchange -> {
            exchange.getMessage().setHeader("From", "news@sluice.test");
            exchange.getMessage().setHeader("To", to);
            exchange.getMessage().setHeader("Subject", "Hello");
            exchange.getMessage().setHeader("Message-ID", messageId);
            exchange.getMessage().setBody("Hello " + to + "\r\n" + "x".repeat(2000));
        });
    }

    Exchange send(int port, String to) {
        return send(port, to, "<" + UUID.randomUUID() + "@sluice.test>");
    }

    /** Sends and fails the test on any exception. */
    void sendOk(int port, String to) {
        Exchange e = send(port, to);
        if (e.getException() != null) {
            throw new AssertionError("send to " + to + " failed", e.getException());
        }
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
