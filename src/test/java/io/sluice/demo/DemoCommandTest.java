package io.sluice.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README command #1: {@code java -jar sluice.jar demo} on embedded defaults (in-memory H2, embedded Artemis, the
 * shipped routes and config) must finish the demo delivery and exit 0, with each simulated domain ending as its
 * behaviour says. Run as a child JVM from {@code target/classes}, exactly as the jar's main class runs it.
 * (A claim statement that H2 planned row by row once left the demo sending nothing: this is the test that notices.)
 * The demo runs once; each test reads its terminal output (stdout and stderr) and its files.
 */
class DemoCommandTest {

    private static final Pattern SUMMARY_LINE = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");

    @TempDir
    static Path workDir;
    private static String output;
    private static int exitCode;

    @BeforeAll
    static void runDemo() throws Exception {
        Path log = workDir.resolve("demo.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classpath(), "io.sluice.Sluice", "demo"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SLUICE_"));
        env.put("SLUICE_CONFIG_DIR", Path.of("config").toAbsolutePath().toString());
        env.put("SLUICE_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        Process process = pb.start();
        // the demo gives itself 5 minutes (DemoCommand.TIME_LIMIT) and exits 1 after them
        boolean ended = process.waitFor(7, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "demo still running after 7 minutes:\n" + tail(output));
        exitCode = process.exitValue();
    }

    /** The demo's files are in a temporary directory of their own (the one the log file names). */
    @AfterAll
    static void deleteDemoFiles() throws Exception {
        String prefix = "Sluice demo: the full log goes to ";
        String first = output == null ? "" : output.lines().findFirst().orElse("");
        if (first.startsWith(prefix)) {
            Path dir = Path.of(first.substring(prefix.length()).trim()).getParent();
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void demoFinishesWithEachDomainEndingAsItsReceiverBehaves() {
        assertEquals(0, exitCode, "demo exit code:\n" + tail(output));
        assertTrue(output.contains("Demo delivery finished."), tail(output));

        // domain -> {sent, failed, pending}, from the summary table the demo prints
        Map<String, long[]> table = new java.util.TreeMap<>();
        for (String line : output.split("\\R")) {
            Matcher m = SUMMARY_LINE.matcher(line.trim());
            if (m.matches() && m.group(1).endsWith(".demo")) {
                table.put(m.group(1), new long[]{Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4))});
            }
        }
        assertRow(table, "inbox.demo", 1200, 0, output);
        assertRow(table, "mail.demo", 800, 0, output);
        assertRow(table, "strict.demo", 320, 80, output);   // every 5th of 400 is an unknown mailbox (550 5.1.1)
        assertRow(table, "busy.demo", 200, 0, output);      // deferred with 421 until it heals, then all sent
        assertRow(table, "blocked.demo", 0, 150, output);   // 554 5.7.1 policy block
        assertRow(table, "down.demo", 0, 100, output);      // refuses connections until the validity runs out
        assertTrue(output.contains("blocked.demo       failed    150  554 5.7.1 Message refused by policy"), tail(output));
        assertTrue(output.contains("Validity period of the delivery has expired"), tail(output));
    }

    /** Issue 18, defect 3: the embedded broker stopped under its JMS clients and the demo ended in stack traces. */
    @Test
    void demoEndsWithoutStackTrace() {
        // a trace's lines: "\tat ...", and its head "[Caused by: ]some.Exception: ..." at the start of a line (the
        // report quotes replies such as "MailConnectException: Couldn't connect" inside its own lines: not a trace)
        String traces = output.lines().filter(l -> l.startsWith("\tat ")
                        || l.matches("^(Caused by: )?[\\w.$]+(Exception|Error)(: .*)?$"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(traces.isEmpty(), "stack trace in the demo's output:\n" + traces + "\n---\n" + tail(output));
    }

    /** Issue 18, defect 4: the story came after ~137 lines of Camel's auto-configuration and placeholder summaries. */
    @Test
    void terminalTellsTheDemoNotTheFrameworkLog() {
        List<String> lines = output.lines().toList();
        assertTrue(lines.get(0).startsWith("Sluice demo: the full log goes to "), tail(output));
        int delivery = lines.indexOf(lines.stream().filter(l -> l.startsWith("Demo delivery ")).findFirst().orElse(""));
        assertTrue(delivery >= 0 && delivery < 5, "the demo delivery is not announced in the first lines:\n" + head(output));
        List<String> framework = lines.stream().filter(l -> l.contains("BaseMainSupport") || l.contains("AbstractCamelContext")
                || l.contains(" INFO ") || l.contains("Auto-configuration summary")).toList();
        assertTrue(framework.isEmpty(), "framework log lines on the terminal:\n" + String.join("\n", framework));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Flow control: busy.demo entered BACKOFF")),
                "no flow-control decision shown:\n" + output);
    }

    @Test
    void fullLogGoesToTheFileTheDemoNames() throws Exception {
        Path logFile = Path.of(named(output.lines().findFirst().orElse(""), "Sluice demo: the full log goes to "));
        String lastNamed = named(output.lines().filter(l -> l.startsWith("Full log: ")).reduce((a, b) -> b)
                .orElse(""), "Full log: ");
        assertEquals(logFile.toString(), lastNamed, "the log file named at the start and at the end");
        assertTrue(Files.isRegularFile(logFile), logFile + " missing");
        String full = Files.readString(logFile, StandardCharsets.UTF_8);
        assertTrue(full.contains("Auto-configuration summary"), "Camel's start-up log not in " + logFile);
        assertTrue(full.contains("Demo delivery finished."), "the demo's story not in " + logFile);
        assertTrue(full.contains("shutdown in"), "Camel's stop not in " + logFile);
    }

    @Test
    void demoEndsWithTheVerdictAndWritesTheHtmlReport() throws Exception {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        int verdict = lines.size() - 1;
        while (verdict >= 0 && lines.get(verdict).startsWith("  - ")) {
            verdict--;
        }
        assertTrue(verdict >= 0 && lines.get(verdict).startsWith("Verdict: "), "does not end with the verdict:\n"
                + tail(output));
        assertTrue(verdict < lines.size() - 1, "the verdict gives no reason:\n" + tail(output));
        Path html = Path.of(named(lines.stream().filter(l -> l.startsWith("Diagnosis report (")).findFirst()
                .orElse(""), "page): "));
        assertTrue(Files.isRegularFile(html), html + " missing:\n" + tail(output));
        String page = Files.readString(html, StandardCharsets.UTF_8);
        long deliveryId = Long.parseLong(lines.stream().filter(l -> l.startsWith("Demo delivery ")).findFirst()
                .orElseThrow().replaceAll("^Demo delivery (\\d+):.*", "$1"));
        assertTrue(page.startsWith("<!DOCTYPE html>"), "not an HTML page: " + html);
        assertTrue(page.contains("Sluice diagnosis: delivery " + deliveryId), "not the report of the demo delivery");
        assertTrue(page.contains(lines.get(verdict).substring("Verdict: ".length())), "the page has another verdict");
    }

    /** The path after the prefix: "Full log: /tmp/x.log" -> "/tmp/x.log". */
    private static String named(String line, String prefix) {
        int at = line.indexOf(prefix);
        assertTrue(at >= 0, "no '" + prefix + "' in: " + line);
        return line.substring(at + prefix.length()).trim();
    }

    private static String head(String output) {
        return output.lines().limit(30).collect(java.util.stream.Collectors.joining("\n"));
    }

    /**
     * On a mismatch the message carries the whole row, the demo's progress lines and every line naming the domain
     * (its flow-control moves and reasons): a run that went wrong on a CI machine can then be read from the report.
     */
    private static void assertRow(Map<String, long[]> table, String domain, long sent, long failed, String output) {
        long[] row = table.get(domain);
        assertTrue(row != null, "no summary line for " + domain + " in " + table.keySet());
        String context = domain + " sent/failed/pending " + java.util.Arrays.toString(row) + "\n"
                + output.lines().filter(l -> l.startsWith("[") || l.contains(domain))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertEquals(sent, row[0], domain + " sent; " + context);
        assertEquals(failed, row[1], domain + " failed; " + context);
        assertEquals(0, row[2], domain + " pending; " + context);
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }

    private static String tail(String output) {
        String[] lines = output.split("\\R");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }
}
