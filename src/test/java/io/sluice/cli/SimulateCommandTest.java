package io.sluice.cli;

import io.sluice.config.SluiceLocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** `sluice.jar simulate`: the output contract, the side-by-side comparison, the page, and bad arguments. */
class SimulateCommandTest {

    /** The contract: one line per policy, read by scripts. */
    static final Pattern LINE = Pattern.compile(
            "(?m)^(current|candidate): delivered (\\d+) in (\\d+\\.\\d) s \\(ideal (\\d+\\.\\d) s\\), (\\d+) deferred$");

    @Test
    void shouldPrintOneContractLinePerPolicyTheRateOverTimeAndWriteThePage(@TempDir Path dir) throws Exception {
        Path candidate = dir.resolve("candidate.yaml");
        // the plain policy (no early cut, nothing learned): it sends into the receiver's closed periods
        Files.writeString(candidate, "defaults:\n  flow:\n    reactAfterBadInRow: 0\n    plateauShare: 0\n");
        Path html = dir.resolve("sim.html");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        int exit = new SimulateCommand(SluiceLocations.fromEnvironment(), new PrintStream(captured, true,
                StandardCharsets.UTF_8)).run(new String[]{"--limit", "30/10s", "--reply", "450 4.7.1 Error: too much mail",
                "--messages", "240", "--policy", candidate.toString(), "--html", html.toString()});

        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        Matcher m = LINE.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(m.group(1)).isEqualTo("current");
        assertThat(m.group(2)).isEqualTo("240");
        assertThat(m.group(4)).isEqualTo("80.0");
        long currentDeferred = Long.parseLong(m.group(5));
        assertThat(m.find()).as(out).isTrue();
        assertThat(m.group(1)).isEqualTo("candidate");
        assertThat(Long.parseLong(m.group(5))).as("the plain policy's deferrals").isGreaterThan(currentDeferred * 3);
        assertThat(out).contains("Rate over time").contains("BACKOFF").contains("mean of 10 phases of the windows");
        String page = Files.readString(html);
        assertThat(page).contains("<svg").contains("current: delivered 240").contains("candidate: delivered 240")
                .contains("fill=\"#d33\"").doesNotContain("<script");
    }

    @Test
    void shouldExplainBadArgumentsWithExitTwo(@TempDir Path dir) throws Exception {
        SimulateCommand command = new SimulateCommand(SluiceLocations.fromEnvironment(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "defaults:\n  flow:\n    initialRate: -3\n");

        assertThat(command.run(new String[]{"--limit", "thirty"})).isEqualTo(2);
        assertThat(command.run(new String[]{"--limit", "30/10s", "--bucket", "3"})).isEqualTo(2);
        assertThat(command.run(new String[]{"--messages"})).isEqualTo(2);
        assertThat(command.run(new String[]{"--frobnicate", "1"})).isEqualTo(2);
        assertThat(command.run(new String[]{"--policy", dir.resolve("missing.yaml").toString()})).isEqualTo(2);
        assertThat(command.run(new String[]{"--policy", bad.toString()})).isEqualTo(2);
        assertThat(command.run(new String[]{"--phase", "0"})).isEqualTo(2);
        assertThat(command.run(new String[]{"--phase", "half"})).isEqualTo(2);
        assertThat(command.run(new String[]{"--start", "warm"})).isEqualTo(2);
    }

    @Test
    void shouldReportTheSecondDeliveryWhenTheLimitIsAlreadyLearned() throws Exception {
        ByteArrayOutputStream cold = new ByteArrayOutputStream();
        ByteArrayOutputStream learned = new ByteArrayOutputStream();

        int coldExit = new SimulateCommand(SluiceLocations.fromEnvironment(), new PrintStream(cold, true,
                StandardCharsets.UTF_8)).run(new String[]{"--limit", "30/10s", "--phase", "0.5"});
        int learnedExit = new SimulateCommand(SluiceLocations.fromEnvironment(), new PrintStream(learned, true,
                StandardCharsets.UTF_8)).run(new String[]{"--limit", "30/10s", "--phase", "0.5", "--start", "learned"});

        String out = learned.toString(StandardCharsets.UTF_8);
        assertThat(coldExit).isZero();
        assertThat(learnedExit).as(out).isZero();
        assertThat(out).contains("the limit already learned: a first delivery of as many ran before");
        Matcher line = LINE.matcher(out);
        assertThat(line.find()).as(out).isTrue();
        assertThat(line.group()).as("a line of its own, not the cold start's")
                .isNotEqualTo(firstLine(cold.toString(StandardCharsets.UTF_8)));
    }

    private static String firstLine(String out) {
        Matcher m = LINE.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group();
    }

    @Test
    void shouldRunOnePhaseWhenAsked() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        int exit = new SimulateCommand(SluiceLocations.fromEnvironment(), new PrintStream(captured, true,
                StandardCharsets.UTF_8)).run(new String[]{"--limit", "30/10s", "--phase", "0.86"});

        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(LINE.matcher(out).find()).as(out).isTrue();
        assertThat(out).contains("one run, the first window closing 0.86 of a window after the first message")
                .doesNotContain("mean of");
    }
}
