/**
 * Parking: mail that flow control holds back waits on a persistent Artemis queue with a scheduled delivery
 * time, not in memory; its broadlog row stays Pending, shows "Messages queued (dynamic flow control)" and
 * keeps its lease so no other instance claims it. When due, it is read back from the database and sent.
 */
package io.sluice.parking;
