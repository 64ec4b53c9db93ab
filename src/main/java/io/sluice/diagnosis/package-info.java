/**
 * The diagnosis report of a delivery ({@code java -jar sluice.jar report --delivery ID [--html FILE]} and the
 * JMX operation {@code sluice:type=Diagnosis,name=report} {@code report(id)}): per domain what was attempted,
 * sent, failed and is pending, the errors by class and the top replies, the time spent held back (from the
 * flow-control history), and a verdict: SENDER-SIDE problem, DOMAIN-SPECIFIC deliverability problem, or HEALTHY.
 */
package io.sluice.diagnosis;
