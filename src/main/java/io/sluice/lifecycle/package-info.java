/**
 * The delivery lifecycle beyond start and finish: pause, resume, stop, validity expiry, sending windows and
 * per-delivery rate caps. The state lives in the campaign database ({@code NmsDelivery.iState}, Sluice's own
 * {@code SluiceDeliveryControl}) so every instance sharing the database agrees; this package only caches it for
 * at most one claim poll ({@link io.sluice.lifecycle.DeliveryBoard}) to check each message before it is sent.
 * The SQL lives in {@code config/sql/}, the lifecycle route in {@code routes/claim.camel.yaml}.
 */
package io.sluice.lifecycle;
