package io.sluice.reliability;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A normal stop (SIGTERM, as {@code systemctl stop} or Ctrl+C) of the service on its defaults (embedded H2,
 * embedded Artemis) is quiet: the JMS clients are closed before the embedded broker stops, so no
 * "AMQ219015 ... server shutdown" or "IDGenerator has been stopped" stack trace ends the log.
 */
class ServiceStopTest {

    @Test
    void shouldStopOnSigtermWithoutStackTrace() throws Exception {
        try (SluiceProcess sluice = new SluiceProcess("domains: {}\n", Map.of()).start()) {
            assertTrue(sluice.awaitStarted(Duration.ofMinutes(2)), "not started:\n" + sluice.log());
            sluice.stop(Duration.ofSeconds(60));
            assertFalse(sluice.isAlive(), "still running 60 s after SIGTERM:\n" + sluice.log());
            String log = sluice.log();
            assertTrue(log.contains("shutdown in"), "Camel did not report its shutdown:\n" + log);
            String traces = log.lines().filter(l -> l.startsWith("\tat ") || l.contains("Exception"))
                    .collect(Collectors.joining("\n"));
            assertTrue(traces.isEmpty(), "stack trace on stop:\n" + traces + "\n--- whole log:\n" + log);
        }
    }
}
