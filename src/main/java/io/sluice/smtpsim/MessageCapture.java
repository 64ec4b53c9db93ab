package io.sluice.smtpsim;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the first {@code capacity} accepted messages and ignores the rest, so a load test cannot
 * exhaust the heap; the counters still see every message.
 */
final class MessageCapture {

    private final int capacity;
    private final List<ReceivedMessage> messages = new ArrayList<>();

    MessageCapture(int capacity) {
        this.capacity = capacity;
    }

    /** Cheap pre-check so a full capture does not even copy the bytes. */
    boolean hasRoom() {
        if (capacity == 0) {
            return false; // capture disabled: skip the lock on the hot path
        }
        synchronized (this) {
            return messages.size() < capacity;
        }
    }

    synchronized void offer(ReceivedMessage message) {
        if (messages.size() < capacity) {
            messages.add(message);
        }
    }

    synchronized List<ReceivedMessage> snapshot() {
        return List.copyOf(messages);
    }

    synchronized void clear() {
        messages.clear();
    }
}
