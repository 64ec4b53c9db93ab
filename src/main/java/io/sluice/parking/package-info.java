/**
 * Parking: mail that flow control holds back waits on a persistent Artemis queue with a scheduled delivery
 * time, not in memory; its broadlog row stays Pending, shows "Messages queued (dynamic flow control)" and
 * keeps its lease so no other instance claims it. When due, it is read back from the database and sent. When its
 * site's rate rises well above the rate it was spaced at, it is brought back early and spaced again
 * ({@link io.sluice.parking.ParkedMailRespacing}).
 */
package io.sluice.parking;
