/**
 * Camel health checks for what Sluice cannot work without (the campaign database, the broker) and their HTTP
 * view ({@code /health}, {@code /health/ready}, {@code /health/live} on the metrics endpoint's port).
 */
package io.sluice.health;
