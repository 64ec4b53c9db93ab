/**
 * The one-shot commands of {@code java -jar sluice.jar} besides the service and the demo: {@code init-db}
 * ({@link io.sluice.cli.InitDbCommand}) and {@code report} ({@link io.sluice.cli.ReportCommand}). An entry layer
 * like {@code boot}, {@code demo} and {@code karaf}: nothing else imports it (ArchitectureTest).
 */
package io.sluice.cli;
