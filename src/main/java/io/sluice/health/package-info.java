/**
 * Camel health checks for what Sluice cannot work without (the campaign database, the broker), for the SMTP
 * transports it delivers to (DOWN only when none answers: one unreachable peer is flow control's business), and
 * their HTTP view ({@code /health}, {@code /health/ready}, {@code /health/live} on the metrics endpoint's port).
 */
package io.sluice.health;
