/**
 * Per-delivery progress: an MBean {@code sluice:type=Delivery,name=<id>} for each delivery In progress (sent,
 * failed, pending, queued by flow control, rate, ETA; read lazily from the database, at most once per
 * {@code sluice.progress.min-refresh}) and a progress line in the log every {@code sluice.progress.log-interval}
 * (routes/progress.camel.yaml).
 */
package io.sluice.progress;
