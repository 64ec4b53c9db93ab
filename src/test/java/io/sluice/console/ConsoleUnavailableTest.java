package io.sluice.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A console that cannot be served stops start-up with one line saying what, where and what to do (the jar-level
 * proof, exit code and all, is {@link ConsoleJarIT}); a relative data directory is made absolute once.
 */
class ConsoleUnavailableTest {

    @Test
    void shouldNameTheTakenPortAndHowToChooseAnother(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HawtioConsole console = new HawtioConsole(settings(taken.getLocalPort(), dataDir));
            assertThatThrownBy(console::prepare).isInstanceOf(ConsoleUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("SLUICE_CONSOLE_PORT")
                    .hasMessageContaining("SLUICE_CONSOLE_ENABLED=false")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void shouldNotStartWhenThePortIsTakenBetweenTheCheckAndTheStart(@TempDir Path dataDir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        HawtioConsole console = new HawtioConsole(settings(port, dataDir));
        console.prepare();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(console::start).isInstanceOf(ConsoleUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        } finally {
            console.stop();
        }
    }

    @Test
    void shouldNameTheDirectoryItCannotWrite(@TempDir Path dataDir) throws Exception {
        // a file where the console's directory belongs (permissions would not stop root, who runs CI here)
        Files.writeString(dataDir.resolve("console"), "not a directory");
        HawtioConsole console = new HawtioConsole(settings(0, dataDir));
        assertThatThrownBy(console::prepare).isInstanceOf(ConsoleUnavailableException.class)
                .hasMessageContaining(dataDir.resolve("console").toString())
                .hasMessageContaining("SLUICE_CONSOLE_ENABLED=false")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void shouldWorkUnderAnAbsoluteDirectoryWhenTheDataDirectoryIsRelative() {
        ConsoleSettings settings = settings(0, Path.of("data"));
        assertThat(settings.workDir()).isAbsolute()
                .isEqualTo(Path.of("").toAbsolutePath().resolve("data").resolve("console"));
    }

    private static ConsoleSettings settings(int port, Path dataDir) {
        return new ConsoleSettings(true, "127.0.0.1", port, "admin", "secret", "admin", dataDir.resolve("console"));
    }
}
