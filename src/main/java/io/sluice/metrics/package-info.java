/**
 * Metrics: a Micrometer Prometheus registry with Camel's route metrics and Sluice's flow-control figures
 * (state, rate, parked mail per domain, with bounded tag cardinality: the top-N domains and "other"), served as
 * Prometheus text on {@code http://<sluice.metrics.host>:<sluice.metrics.port>/metrics}.
 */
package io.sluice.metrics;
