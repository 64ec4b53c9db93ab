/**
 * The diagnosis report of a delivery ({@code java -jar sluice.jar report --delivery ID [--html FILE]} and the
 * JMX operation {@code sluice:type=Diagnosis,name=report} {@code report(id)}): per domain what was attempted,
 * sent, failed and is pending, the errors by class and the top replies, the time spent held back (from the
 * flow-control history), and a verdict: SENDER-SIDE problem, DOMAIN-SPECIFIC deliverability problem, or HEALTHY.
 * The verdict judges domains only on what they answered: rows Sluice ended itself ({@link
 * io.sluice.diagnosis.SluiceEnding}: validity, stop, rows added late) are counted apart.
 * <ul>
 *   <li>{@link io.sluice.diagnosis.ReportSql}: the statements, {@code config/sql/report-*.sql} with {@code :#named}
 *       parameters, read from {@code sluice.sql.location}; {@code ReportLoader} runs them over JDBC.</li>
 *   <li>{@link io.sluice.diagnosis.DiagnosisReport}: the report, an immutable value (figures per domain, replies,
 *       events, timeline buckets); {@code VerdictRules}: the verdict, its thresholds named and documented;
 *       {@code Timeline}: the period, time spent per state, time slices.</li>
 *   <li>{@code AttemptLogCounts}: every attempt's outcome (SluiceAttemptLog, {@code report-attempt-log.sql}), laid
 *       over the broadlog's figures (each message's last failure, the floor), so that deferrals of messages sent in
 *       the end are counted; without the table or its rows the report is the broadlog's.</li>
 *   <li>{@link io.sluice.diagnosis.TextReport} and {@link io.sluice.diagnosis.HtmlReport} (the Mustache template
 *       {@code report.html.mustache}, escaped, with {@code TimelineChart}'s SVG geometry) render it.</li>
 *   <li>{@link io.sluice.cli.ReportCommand} and the MBean {@link io.sluice.diagnosis.Diagnosis} build it at
 *       the time of their clock.</li>
 * </ul>
 */
package io.sluice.diagnosis;

