package io.sluice.flowcontrol.camel;

import static io.sluice.SluiceConstants.SLUICE_PARK_HELD_BACK;
import static io.sluice.SluiceConstants.SLUICE_PARK_IN_DATABASE;
import static io.sluice.SluiceConstants.SLUICE_PARK_UNTIL;
import static io.sluice.SluiceConstants.SLUICE_RESERVED_GENERATION;
import static io.sluice.SluiceConstants.SLUICE_RESERVED_SLOT;
import static io.sluice.SluiceConstants.SLUICE_SEND_AT;

import org.apache.camel.Exchange;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** What the gate's decision leaves on an exchange: a send time (admitted), or a time to park until. */
final class GateMarks {

    private GateMarks() {
    }

    static void admit(Exchange exchange, AtomicInteger waiting, Instant slot) {
        InMemoryPlace.take(exchange, waiting);
        exchange.setProperty(SLUICE_SEND_AT, slot.toEpochMilli());
        exchange.removeProperty(SLUICE_RESERVED_SLOT);
        exchange.removeProperty(SLUICE_RESERVED_GENERATION);
    }

    static void park(Exchange exchange, Instant until, boolean heldBack) {
        exchange.setProperty(SLUICE_PARK_UNTIL, until);
        exchange.setProperty(SLUICE_PARK_HELD_BACK, heldBack);
        exchange.removeProperty(SLUICE_PARK_IN_DATABASE);
    }

    static void parkInDatabase(Exchange exchange, Instant until, boolean heldBack) {
        exchange.removeProperty(SLUICE_RESERVED_SLOT);
        exchange.removeProperty(SLUICE_RESERVED_GENERATION);
        exchange.setProperty(SLUICE_PARK_UNTIL, until);
        exchange.setProperty(SLUICE_PARK_HELD_BACK, heldBack);
        exchange.setProperty(SLUICE_PARK_IN_DATABASE, true);
    }

    /** Parks it until its reserved slot of the given schedule generation: it is admitted at that slot when back. */
    static void parkReserved(Exchange exchange, Instant slot, long generation, boolean heldBack) {
        exchange.setProperty(SLUICE_RESERVED_SLOT, slot.toEpochMilli());
        exchange.setProperty(SLUICE_RESERVED_GENERATION, generation);
        park(exchange, slot, heldBack);
    }
}
