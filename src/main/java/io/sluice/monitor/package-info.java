/**
 * Operator view and control over JMX (Hawtio reads these): one MBean per flow-control domain
 * ({@code sluice:type=Domain,name=gmail.com}) with its state, rate, reason and window counts and the
 * operations reset / set rate / suspend / release parked mail, and one for the sender-wide state
 * ({@code sluice:type=Sender,name=global}).
 */
package io.sluice.monitor;
