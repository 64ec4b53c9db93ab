package io.sluice.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The timer behind the SMTP client's write timeout ({@code sluice.smtp.write-timeout}), handed to Angus Mail as
 * {@code mail.smtp.executor.writetimeout}: Angus schedules a task that closes the socket before each write to it
 * and cancels the task when the write returns. Due tasks are run by {@link #sweep()}, which the caller runs every
 * few hundred milliseconds; a write timeout is then enforced within that tick.
 *
 * <p>Why not a {@code ScheduledThreadPoolExecutor}: without this executor Angus starts one scheduler thread per
 * connection, and every SMTP command and message write (four to five per message) schedules and cancels a task on
 * it, waking that thread each time: 23 % of Sluice's CPU in {@code bench/throughput} (docs/benchmarks.md, "stop
 * 9"). One shared {@code ScheduledThreadPoolExecutor} measured no better (its queue lock and heap per write). Here
 * scheduling is one insert into a concurrent set and cancelling one removal; no thread is woken. The set holds at
 * most one task per write in progress, so a sweep looks at no more entries than there are busy connections.
 *
 * <p>Only one-shot tasks: the periodic {@code schedule*} methods throw {@link UnsupportedOperationException}.
 * After {@link #shutdown()} new tasks are refused (Angus then fails the write: "timeout not enforced").
 */
public final class WriteDeadlines extends AbstractExecutorService implements ScheduledExecutorService {

    private final Set<Deadline<?>> pending = ConcurrentHashMap.newKeySet();
    private final LongSupplier nanoTime;
    private volatile boolean shutdown;

    /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass their own) */
    public WriteDeadlines(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Runs (on the calling thread) every task whose time has come and that was not cancelled. */
    public void sweep() {
        long now = nanoTime.getAsLong();
        for (Deadline<?> d : pending) {
            if (now - d.dueNanos >= 0 && pending.remove(d)) {
                d.fire(); // no-op when cancelled meanwhile; an exception is kept in the future
            }
        }
    }

    /** Tasks scheduled and neither run nor cancelled yet (writes in progress). */
    public int pendingCount() {
        return pending.size();
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException("SMTP write deadlines are shut down");
        }
        Deadline<V> d = new Deadline<>(task, nanoTime.getAsLong() + unit.toNanos(delay));
        pending.add(d);
        return d;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return schedule(Executors.callable(task), delay, unit);
    }

    /** Runs {@code task} at the next sweep. */
    @Override
    public void execute(Runnable task) {
        schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("SMTP write deadlines are one-shot");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("SMTP write deadlines are one-shot");
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    /** Refuses new tasks and drops the pending ones unrun (returned). */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> dropped = new ArrayList<>(pending);
        pending.removeAll(dropped);
        return dropped;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && pending.isEmpty();
    }

    /** Does not wait: pending tasks run only when swept. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    /**
     * A task and its due time; cancelling it takes it out of the pending set at once. Once a sweep has started it,
     * {@code cancel} returns false even while it is still running: Angus tells a timed-out write from any other
     * failure by that false (and then waits for the task's result). A plain {@code FutureTask} lets a cancel win
     * while the task runs, so the write that our close just failed was reported as a bare "Socket closed".
     */
    private final class Deadline<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long dueNanos;
        /** false until a sweep takes it to run or a cancel takes it out: whichever comes first wins. */
        private final AtomicBoolean taken = new AtomicBoolean();

        Deadline(Callable<V> task, long dueNanos) {
            super(task);
            this.dueNanos = dueNanos;
        }

        /** Runs the task unless it was cancelled; called by {@link #sweep()} only. */
        void fire() {
            if (taken.compareAndSet(false, true)) {
                run();
            }
        }

        /** Never interrupts: a running task runs on the sweeping thread, which has other tasks to run. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            pending.remove(this);
            return taken.compareAndSet(false, true) && super.cancel(false);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - nanoTime.getAsLong(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
