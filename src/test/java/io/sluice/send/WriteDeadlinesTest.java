package io.sluice.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The write-timeout timer, on a hand-moved clock, as Angus Mail's TimeoutOutputStream uses it. */
class WriteDeadlinesTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final WriteDeadlines deadlines = new WriteDeadlines(nanos::get);
    private final AtomicInteger closes = new AtomicInteger();

    @Test
    void shouldRunATaskOnlyOnceItsTimeHasCome() {
        ScheduledFuture<String> f = deadlines.schedule(this::close, 30, TimeUnit.SECONDS);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(29));
        deadlines.sweep();
        assertThat(closes).hasValue(0);
        assertThat(f.getDelay(TimeUnit.SECONDS)).isEqualTo(1);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        deadlines.sweep();
        deadlines.sweep();
        assertThat(closes).as("run once, at the first sweep at or after its time").hasValue(1);
        assertThat(deadlines.pendingCount()).isZero();
    }

    @Test
    void shouldNeverRunATaskCancelledInTime() {
        ScheduledFuture<String> f = deadlines.schedule(this::close, 30, TimeUnit.SECONDS);
        assertThat(deadlines.pendingCount()).isEqualTo(1);

        assertThat(f.cancel(true)).as("a write that returned in time").isTrue();
        assertThat(deadlines.pendingCount()).as("taken out at once, not at the next sweep").isZero();
        nanos.addAndGet(TimeUnit.MINUTES.toNanos(5));
        deadlines.sweep();
        assertThat(closes).hasValue(0);
    }

    @Test
    void shouldTellALateCancelThatTheTaskRanAndWhatItReturned() throws Exception {
        // Angus: a write that fails and whose cancel returns false timed out; it reports the task's result
        ScheduledFuture<String> f = deadlines.schedule(this::close, 1, TimeUnit.SECONDS);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        deadlines.sweep();

        assertThat(f.cancel(true)).isFalse();
        assertThat(f.isDone()).isTrue();
        assertThat(f.get(1, TimeUnit.MILLISECONDS)).isEqualTo("Write timed out");
    }

    @Test
    void shouldRefuseACancelOnceTheTaskHasStarted() throws Exception {
        // Angus cancels as soon as its write fails, which our close makes happen while the task is still running
        java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        ScheduledFuture<String> f = deadlines.schedule(() -> {
            closing.countDown();
            closed.await();
            return "Write timed out";
        }, 1, TimeUnit.SECONDS);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        Thread sweeper = new Thread(deadlines::sweep);
        sweeper.start();
        assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(f.cancel(true)).as("the task is running: the write timed out").isFalse();
        closed.countDown();
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("Write timed out");
        sweeper.join(10_000);
    }

    @Test
    void shouldKeepOneTaskPerWriteInProgressOnly() {
        for (int i = 0; i < 10_000; i++) {
            deadlines.schedule(this::close, 30, TimeUnit.SECONDS).cancel(true);
        }
        ScheduledFuture<String> busy = deadlines.schedule(this::close, 30, TimeUnit.SECONDS);

        assertThat(deadlines.pendingCount()).isEqualTo(1);
        busy.cancel(true);
        assertThat(deadlines.pendingCount()).isZero();
    }

    @Test
    void shouldRefuseNewTasksOnceShutDown() {
        deadlines.schedule(this::close, 30, TimeUnit.SECONDS);
        assertThat(deadlines.shutdownNow()).hasSize(1);

        assertThat(deadlines.isShutdown()).isTrue();
        assertThat(deadlines.isTerminated()).isTrue();
        assertThatThrownBy(() -> deadlines.schedule(this::close, 1, TimeUnit.SECONDS))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void shouldRefusePeriodicTasks() {
        assertThatThrownBy(() -> deadlines.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.SECONDS))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> deadlines.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.SECONDS))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private String close() {
        closes.incrementAndGet();
        return "Write timed out";
    }
}
