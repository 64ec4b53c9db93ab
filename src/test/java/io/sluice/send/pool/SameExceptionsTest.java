package io.sluice.send.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.result.SendFailure;
import io.sluice.result.SendFailureClassifier;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The pool must not change what the caller sees: each failure is provoked once through camel-mail's own
 * per-message sender and once through the pool, and the exception chains (types, reply codes) and their
 * classification must be the same.
 */
class SameExceptionsTest {

    @Test
    void shouldRaiseTheSameExceptionForARcpt550() throws Exception {
        assertSameFailure(sim -> sim.setBehaviour("unknown.test", DomainBehaviour.reject("550 5.1.1 <x@unknown.test>: User unknown")),
                "x@unknown.test");
    }

    @Test
    void shouldRaiseTheSameExceptionForARcpt421() throws Exception {
        assertSameFailure(sim -> sim.setBehaviour("busy.test", DomainBehaviour.defer("421 4.7.0 Try again later")),
                "x@busy.test");
    }

    @Test
    void shouldRaiseTheSameExceptionForA421Greeting() throws Exception {
        assertSameFailure(sim -> sim.refuseConnectionsWith("421 4.3.2 Service not available"), "x@ok.test", 0, false);
    }

    @Test
    void shouldRaiseTheSameExceptionForADroppedConnection() throws Exception {
        assertSameFailure(sim -> sim.setBehaviour("drop.test", DomainBehaviour.dropConnection()), "x@drop.test");
    }

    @Test
    void shouldRaiseTheSameExceptionForARejectionAtEndOfData() throws Exception {
        assertSameFailure(sim -> { }, "x@ok.test", 100, false); // over the simulator's maximum size -> 552 after DATA
    }

    private static void assertSameFailure(Consumer<SmtpSimulator> provoke, String to) throws Exception {
        assertSameFailure(provoke, to, 0, true);
    }

    /** @param reuse send one good message first, so that the pooled failure happens on a reused connection */
    private static void assertSameFailure(Consumer<SmtpSimulator> provoke, String to, int maxSize, boolean reuse) throws Exception {
        Exception perMessage = failureOf(MailContext.perMessage(), provoke, to, maxSize, false);
        Exception pooled = failureOf(MailContext.pooled(MailContext.settings(1, 100)), provoke, to, maxSize, reuse);

        assertThat(chain(pooled)).isEqualTo(chain(perMessage));
        SendFailure expected = new SendFailureClassifier().classify(perMessage);
        SendFailure actual = new SendFailureClassifier().classify(pooled);
        assertThat(actual.outcome()).isEqualTo(expected.outcome());
        assertThat(actual.reply()).isEqualTo(expected.reply());
    }

    private static Exception failureOf(MailContext mail, Consumer<SmtpSimulator> provoke, String to, int maxSize, boolean reuse)
            throws Exception {
        SmtpSimulator.Builder builder = SmtpSimulator.builder();
        if (maxSize > 0) {
            builder.maxMessageSize(maxSize);
        }
        try (mail; SmtpSimulator smtp = builder.build().start()) {
            if (reuse) {
                mail.sendOk(smtp.port(), "warm@ok.test");
            }
            provoke.accept(smtp);
            Exception e = mail.send(smtp.port(), to).getException();
            assertThat(e).as("send to %s must fail", to).isNotNull();
            return e;
        }
    }

    /** Types, reply codes and messages down the chain, minus the parts that differ from run to run (ports). */
    private static List<String> chain(Throwable top) {
        List<String> links = new ArrayList<>();
        for (Throwable t = top; t != null && links.size() < 10; t = t instanceof MessagingException me && me.getNextException() != null
                ? me.getNextException() : t.getCause() == t ? null : t.getCause()) {
            links.add(t.getClass().getName() + ": " + String.valueOf(t.getMessage()).replaceAll("port: \\d+", "port: N")
                    .replaceAll("127\\.0\\.0\\.1, \\d+", "127.0.0.1, N"));
        }
        return links;
    }
}
