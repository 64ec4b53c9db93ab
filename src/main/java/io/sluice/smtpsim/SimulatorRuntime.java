package io.sluice.smtpsim;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What every SMTP transaction of one simulator shares.
 *
 * @param maxMessageSize largest accepted content in bytes; 0 means unlimited
 * @param closed released when the simulator closes, so delayed replies stop waiting and
 *     {@code close()} does not hang behind a slow domain
 */
record SimulatorRuntime(BehaviourTable policies, SimulatorCounters counters, MessageCapture capture,
        Clock clock, int maxMessageSize, CountDownLatch closed) {

    /** Waits {@code delay} unless the simulator closes first. */
    void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
