package io.sluice.parking;

import static io.sluice.SluiceConstants.SLUICE_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_PARKED_DUPLICATE_ID;
import static io.sluice.SluiceConstants.SLUICE_PARK_UNTIL;
import static io.sluice.SluiceConstants.SLUICE_RESERVED_SLOT;
import static io.sluice.SluiceConstants.SLUICE_ROW;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.sluice.flowcontrol.camel.FlowGate;
import io.sluice.message.ClaimedRow;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The broker keeps one message per duplicate id. A row released early (its domain recovered) while its reserved
 * slot is still ahead is parked again with the same claim, park time and slot; that second parking must not look
 * like a retried send of the first, or the broker drops it and the row waits for its lease to end (seen in
 * bench/load). A retried send of one parking keeps its id.
 */
class ParkedMessageIdTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final Parking parking = new Parking(null, Clock.systemUTC(), Duration.ofMinutes(5));
    private final ClaimedRow row = new ClaimedRow(44008, 1, 7L, 0, "claim-1", Instant.now(), "u@d8.load", true,
            "u@d8.load", null, null, false, true, "DM1", null, 3, 60, null, 0);
    private final Instant until = Instant.parse("2026-11-26T10:06:38.774Z");

    @Test
    void parkingTheSameRowAgainAtTheSameSlotIsANewMessage() {
        String first = parkedId(exchange());
        String again = parkedId(exchange());
        assertThat(first).startsWith("sluice-park-44008-claim-1-");
        assertThat(again).isNotEqualTo(first);
    }

    @Test
    void aRetriedSendOfOneParkingKeepsItsId() {
        Exchange e = exchange();
        String first = parkedId(e);
        assertThat(parkedId(e)).isEqualTo(first);
    }

    private Exchange exchange() {
        Exchange e = new DefaultExchange(camel);
        e.setProperty(SLUICE_ROW, row);
        e.setProperty(SLUICE_PARK_UNTIL, until);
        e.setProperty(SLUICE_RESERVED_SLOT, until.toEpochMilli());
        e.getMessage().setHeader(SLUICE_DOMAIN, "d8.load");
        return e;
    }

    private String parkedId(Exchange e) {
        parking.toParkedMessage(e);
        String id = e.getMessage().getHeader(SLUICE_PARKED_DUPLICATE_ID, String.class);
        e.getMessage().setHeader(SLUICE_DOMAIN, "d8.load"); // toParkedMessage replaced the headers
        return id;
    }
}
