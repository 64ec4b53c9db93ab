package io.sluice.boot;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.message.TemplateCachingMustacheFactory;
import io.sluice.message.UnescapedMustacheFactory;
import io.sluice.send.TransportResolver;
import io.sluice.send.WriteDeadlines;
import io.sluice.send.pool.DestinationLimits;
import io.sluice.send.pool.PooledMailConfiguration;
import io.sluice.send.pool.SmtpConnectionPool;
import io.sluice.send.pool.SmtpPoolSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mustache.MustacheComponent;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Rendering and sending: camel-mustache twice, the JavaMail client properties of every SMTP endpoint
 * (sluice.smtp.*: plain and TLS-required) and the connection pool (sluice.smtp.pool.*).
 */
final class SmtpWiring {

    /** The pool's bean name (looked up per read by the flow-control MBeans: absent with the pool off). */
    static final String POOL = "smtpConnectionPool";
    /** How often due SMTP write deadlines are enforced: a write timeout fires up to this much late. */
    private static final long WRITE_DEADLINE_TICK_MS = 100;
    private static final List<String> SCHEMES = List.of("smtp", "smtps");

    private SmtpWiring() {
    }

    static void wire(Wiring w, DestinationLimits destinationLimits, FlowControlRegistry flowControl) throws Exception {
        bindTemplating(w.context);
        Properties clientProperties = clientProperties(w);
        if (w.integer("sluice.smtp.write-timeout") > 0) {
            // one timer for the write timeout of every SMTP connection (else Angus starts a thread per connection
            // and wakes it at each write; io.sluice.send.WriteDeadlines); stopped with the context
            WriteDeadlines deadlines = new WriteDeadlines(System::nanoTime);
            w.context.getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(deadlines, "sluice-smtp-write-deadlines")
                    .scheduleWithFixedDelay(deadlines::sweep, WRITE_DEADLINE_TICK_MS, WRITE_DEADLINE_TICK_MS,
                            TimeUnit.MILLISECONDS);
            for (String scheme : SCHEMES) {
                clientProperties.put("mail." + scheme + ".executor.writetimeout", deadlines);
            }
        }
        w.registry.bind("smtpClientProperties", clientProperties);
        // domains with requireTls: true get these (TransportResolver adds them to the endpoint URI): no STARTTLS
        // offered, or a failed handshake, means no send (a connection failure, retried), never plain text
        Properties tlsRequired = new Properties();
        tlsRequired.putAll(clientProperties);
        tlsRequired.setProperty("mail.smtp.starttls.enable", "true");
        tlsRequired.setProperty("mail.smtp.starttls.required", "true");
        w.registry.bind(TransportResolver.TLS_REQUIRED_PROPERTIES, tlsRequired);
        if (w.flag("sluice.smtp.pool.enabled")) {
            // a site held back by flow control gets fewer connections (domains.yaml backoffMaxConnections)
            bindPool(w, poolSettings(w), destinationLimits,
                    site -> flowControl.find(site).map(DomainFlow::isHeldBack).orElse(false));
        }
    }

    /** camel-mustache twice: HTML-escaping for the HTML part ("mustache"), plain for subject and text. */
    private static void bindTemplating(CamelContext context) {
        // HTML part: camel-mustache's escaping factory, compiling each delivery's template once instead of per message
        MustacheComponent html = new MustacheComponent();
        html.setMustacheFactory(new TemplateCachingMustacheFactory());
        html.setAllowTemplateFromHeader(true);
        context.addComponent("mustache", html);
        MustacheComponent unescaped = new MustacheComponent();
        unescaped.setMustacheFactory(new UnescapedMustacheFactory());
        unescaped.setAllowTemplateFromHeader(true);
        context.addComponent("mustacheText", unescaped);
    }

    /**
     * Gives the smtp and smtps components a configuration whose endpoints send over one shared connection pool.
     * Not via the {@code javaMailSender} option: camel-mail hands that one instance to every endpoint without
     * the endpoint's host and port, so every domain would reach the same transport (see io.sluice.send.pool).
     * The pool is a service of the context: stopping Camel QUITs every connection.
     */
    private static void bindPool(Wiring w, SmtpPoolSettings settings, DestinationLimits limits,
                                 Predicate<String> siteHeldBack) throws Exception {
        SmtpConnectionPool pool = new SmtpConnectionPool(settings, limits, w.clock, siteHeldBack);
        w.context.addService(pool, true, true);
        w.registry.bind(POOL, pool);
        for (String scheme : SCHEMES) {
            MailComponent component = new MailComponent();
            component.setConfiguration(new PooledMailConfiguration(w.context, pool));
            w.context.addComponent(scheme, component);
        }
    }

    static SmtpPoolSettings poolSettings(Wiring w) {
        return new SmtpPoolSettings(w.integer("sluice.smtp.pool.max-connections"),
                w.integer("sluice.smtp.pool.messages-per-connection"), w.duration("sluice.smtp.pool.idle-timeout"),
                w.duration("sluice.smtp.pool.borrow-timeout"));
    }

    /** JavaMail client properties for every SMTP endpoint (timeouts, EHLO name, STARTTLS, certificate checks). */
    private static Properties clientProperties(Wiring w) {
        Properties p = new Properties();
        for (String scheme : SCHEMES) {
            p.setProperty("mail." + scheme + ".connectiontimeout",
                    String.valueOf(w.integer("sluice.smtp.connect-timeout")));
            p.setProperty("mail." + scheme + ".timeout", String.valueOf(w.integer("sluice.smtp.read-timeout")));
            p.setProperty("mail." + scheme + ".writetimeout", String.valueOf(w.integer("sluice.smtp.write-timeout")));
            String helo = w.text("sluice.smtp.helo-name");
            if (!helo.isBlank()) {
                p.setProperty("mail." + scheme + ".localhost", helo);
            }
        }
        String starttls = w.text("sluice.smtp.starttls");
        if (!starttls.equals("opportunistic") && !starttls.equals("off")) {
            throw new IllegalArgumentException(
                    "sluice.smtp.starttls must be opportunistic or off, was '" + starttls + "'");
        }
        // opportunistic: STARTTLS whenever the server offers it (Angus sends plain text when it does not)
        p.setProperty("mail.smtp.starttls.enable", String.valueOf(starttls.equals("opportunistic")));
        if (w.flag("sluice.smtp.tls.trust-all")) {
            // like MTAs' opportunistic TLS (RFC 7435): encrypt without checking the certificate, since MX hosts
            // often present self-signed or mismatched ones; false = verify against the JVM trust store
            p.setProperty("mail.smtp.ssl.trust", "*");
            // Angus 2 checks the host name by default; MX hosts are reached by address and name themselves freely
            p.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        }
        return p;
    }

    /** The EHLO name: sluice.smtp.helo-name, else the local host name (as JavaMail announces itself). */
    static String heloName(Wiring w) {
        String helo = w.text("sluice.smtp.helo-name");
        if (!helo.isBlank()) {
            return helo;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
