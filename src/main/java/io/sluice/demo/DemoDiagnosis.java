package io.sluice.demo;

import io.sluice.diagnosis.DiagnosisReport;
import io.sluice.diagnosis.HtmlReport;
import io.sluice.diagnosis.TextReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code report} command's diagnosis of the demo delivery: the HTML page written to a file, the whole text to
 * the log file, and the verdict with its reasons for the terminal's last lines.
 */
record DemoDiagnosis(List<String> verdict, Path html) {

    /** Not under io.sluice.demo: the full text goes to the log file only (log4j2-demo.properties). */
    private static final Logger REPORT = LoggerFactory.getLogger("io.sluice.diagnosis.report");

    static Optional<DemoDiagnosis> write(DataSource dataSource, long deliveryId, Instant now, Path html)
            throws Exception {
        Optional<DiagnosisReport> report = DiagnosisReport.load(dataSource, deliveryId, now);
        if (report.isEmpty()) {
            return Optional.empty();
        }
        Files.writeString(html, HtmlReport.render(report.get()));
        String text = TextReport.render(report.get());
        REPORT.info("Diagnosis of demo delivery {}:\n{}", deliveryId, text);
        return Optional.of(new DemoDiagnosis(verdictOf(text), html));
    }

    /** The "Verdict: ..." line of the text report and its reason lines (up to the next blank line). */
    static List<String> verdictOf(String text) {
        List<String> lines = text.lines().toList();
        int start = 0;
        while (start < lines.size() && !lines.get(start).startsWith("Verdict:")) {
            start++;
        }
        int end = start;
        while (end < lines.size() && !lines.get(end).isBlank()) {
            end++;
        }
        return lines.subList(start, end);
    }
}
