/**
 * Quarantine and denylist of recipient addresses (Campaign's NmsAddress): counting hard and soft errors and
 * complaints under Campaign's rules, and what the claim and the operators see of it.
 * <ul>
 *   <li>{@link io.sluice.quarantine.AddressEvent} and {@link io.sluice.quarantine.AddressLedger}: the contract of
 *       whoever counts (the result writer, the bounce mailbox); {@link io.sluice.quarantine.QuarantineStore} is the
 *       ledger (bean {@code addressLedger}).</li>
 *   <li>{@link io.sluice.quarantine.QuarantineRules}: the settings and the pure decision;
 *       {@link io.sluice.quarantine.AddressStatus} and {@link io.sluice.quarantine.AddressRecord}: a row.</li>
 *   <li>{@link io.sluice.quarantine.SynchronousEvents} and {@link io.sluice.quarantine.QuarantineFeed}: which SMTP
 *       results count, applied by routes/results.xml after each broadlog batch.</li>
 *   <li>{@link io.sluice.quarantine.QuarantineOperations}: the MBean {@code sluice:type=Quarantine}.</li>
 * </ul>
 * The claim's side (quarantined and denylisted addresses never sent) is the view SluiceClaimedMessage and
 * io.sluice.send.MessagePreparer.
 */
package io.sluice.quarantine;
