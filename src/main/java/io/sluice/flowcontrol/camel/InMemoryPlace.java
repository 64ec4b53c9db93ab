package io.sluice.flowcontrol.camel;

import static io.sluice.SluiceConstants.SLUICE_HOLD;
import static io.sluice.SluiceConstants.SLUICE_PARK_UNTIL;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.spi.SynchronizationRouteAware;
import org.apache.camel.spi.UnitOfWork;

/**
 * The place one admitted message takes among its site's messages waiting in memory
 * ({@code sluice.flow.max-in-memory-per-domain}), given back by itself, once, at the first of:
 * <ul>
 * <li>the message enters a route marked to be parked or held ({@code direct:park}, {@code direct:hold}): it no
 * longer waits in memory;</li>
 * <li>it leaves the route that called the gate ({@code attempt-message}): sent, failed, stopped (lease ended) or
 * parked, before its result goes on to the result stream;</li>
 * <li>its exchange completes (a gate called from a route of its own, or an exchange that ends otherwise).</li>
 * </ul>
 * No route step has to give it back, so none can forget to. It lives in the exchange's unit of work, which a copy of
 * the exchange (wire tap, JMS send, seda) does not take along, and a second call gives nothing back twice.
 */
final class InMemoryPlace implements Synchronization, SynchronizationRouteAware {

    private final AtomicInteger waiting;
    /** Route stack depth of the gate's own route when it admitted the message; its caller is one level up. */
    private final int gateLevel;
    private final AtomicBoolean given = new AtomicBoolean();

    private InMemoryPlace(AtomicInteger waiting, int gateLevel) {
        this.waiting = waiting;
        this.gateLevel = gateLevel;
    }

    /** Takes a place in {@code waiting} for the exchange, given back by itself as described above. */
    static void take(Exchange exchange, AtomicInteger waiting) {
        waiting.incrementAndGet();
        UnitOfWork uow = exchange.getUnitOfWork();
        exchange.getExchangeExtension().addOnCompletion(new InMemoryPlace(waiting, uow == null ? 0 : uow.routeStackLevel()));
    }

    void giveBack() {
        if (given.compareAndSet(false, true)) {
            waiting.decrementAndGet();
        }
    }

    @Override
    public void onBeforeRoute(Route route, Exchange exchange) {
        if (exchange.getProperty(SLUICE_PARK_UNTIL) != null || exchange.getProperty(SLUICE_HOLD) != null) {
            giveBack();
        }
    }

    @Override
    public void onAfterRoute(Route route, Exchange exchange) {
        UnitOfWork uow = exchange.getUnitOfWork();
        // called before the route is popped: below the gate's level means the gate's caller is ending
        if (uow != null && uow.routeStackLevel() < gateLevel) {
            giveBack();
        }
    }

    @Override
    public void onComplete(Exchange exchange) {
        giveBack();
    }

    @Override
    public void onFailure(Exchange exchange) {
        giveBack();
    }

    @Override
    public SynchronizationRouteAware getRouteSynchronization() {
        return this;
    }
}
