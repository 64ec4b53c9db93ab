package io.sluice.result;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import org.junit.jupiter.api.Test;

class ExceptionChainTest {

    @Test
    void shouldFollowCausesAndNextExceptionsOutermostFirst() {
        IllegalStateException root = new IllegalStateException("root");
        MessagingException first = new MessagingException("first");
        MessagingException second = new MessagingException("second");
        first.setNextException(second);
        RuntimeException top = new RuntimeException("top", new MessagingException("wrapper", first));

        assertThat(ExceptionChain.of(top)).extracting(Throwable::getMessage)
                .containsExactly("top", "wrapper", "first", "second");
        RuntimeException wrapped = new RuntimeException("a", root);
        assertThat(ExceptionChain.of(wrapped)).containsExactly(wrapped, root);
    }

    @Test
    void shouldStopAtCauseCycle() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        a.initCause(b);
        b.initCause(a);

        assertThat(ExceptionChain.of(a)).containsExactly(a, b);
        assertThat(ExceptionChain.causesOf(a)).containsExactly(a, b);
    }

    @Test
    void shouldStopAtNextExceptionCycle() {
        MessagingException a = new MessagingException("a");
        MessagingException b = new MessagingException("b");
        b.setNextException(a);
        a.setNextException(b);

        assertThat(ExceptionChain.of(a)).containsExactly(a, b);
    }

    @Test
    void shouldBeEmptyForNull() {
        assertThat(ExceptionChain.of(null)).isEmpty();
    }
}
