package io.sluice.demo;

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
 */
class DemoCommandTest {

    private static final Pattern SUMMARY_LINE = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");

    @Test
    void demoFinishesWithEachDomainEndingAsItsReceiverBehaves(@TempDir Path workDir) throws Exception {
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
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "demo still running after 7 minutes:\n" + tail(output));
        assertEquals(0, process.exitValue(), "demo exit code:\n" + tail(output));
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
