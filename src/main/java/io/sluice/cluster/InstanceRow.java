package io.sluice.cluster;

import java.time.Instant;
import java.time.Duration;

/**
 * One instance in {@code SluiceInstance}.
 *
 * @param silentFor time since its last heartbeat, on the database's clock
 * @param alive     silent for less than sluice.cluster.dead-after
 */
public record InstanceRow(String instanceId, String host, Instant started, Duration silentFor, boolean alive) {

    String describe() {
        return instanceId + " on " + host + ", started " + started + ", last heartbeat " + silentFor.toSeconds()
                + " s ago, " + (alive ? "alive" : "dead");
    }
}
