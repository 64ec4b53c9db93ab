package io.sluice.send.pool;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailConfiguration;

/**
 * The camel-mail component configuration that gives every endpoint a {@link PooledJavaMailSender}.
 *
 * <p>camel-mail copies the component configuration into each endpoint ({@code clone()}, so this subclass and
 * its pool reference carry over), sets the endpoint's host and port on the copy, and calls
 * {@link #createJavaMailSender} when the endpoint's {@code javaMailSender} option is not set. Overriding that
 * factory keeps every camel-mail setting (timeouts, TLS, credentials, additional properties) and each endpoint
 * its own host:port. An endpoint given an explicit {@code javaMailSender} keeps it. (camel-mail also builds a
 * sender per exchange when the exchange carries {@code mail.smtp.*} headers; those properties then apply only to
 * connections opened for it, not to one already pooled. Sluice's MessageAssembler never sets such headers.)
 */
public class PooledMailConfiguration extends MailConfiguration {

    private final SmtpConnectionPool pool;

    public PooledMailConfiguration(CamelContext context, SmtpConnectionPool pool) {
        super(context);
        this.pool = pool;
    }

    @Override
    protected JavaMailSender createJavaMailSender(CamelContext context) {
        JavaMailSender perMessage = super.createJavaMailSender(context);
        return perMessage instanceof DefaultJavaMailSender configured ? new PooledJavaMailSender(configured, pool) : perMessage;
    }
}
