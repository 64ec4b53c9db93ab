package io.sluice.result;

import jakarta.mail.MessagingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Flattens an exception and everything it wraps into one list, outermost first.
 *
 * <p>Jakarta Mail chains exceptions two ways: {@link Throwable#getCause()} and
 * {@link MessagingException#getNextException()} (a {@code SendFailedException} lists one
 * {@code SMTPAddressFailedException} per rejected recipient that way). Both are followed, depth first, and each
 * throwable is visited once even if the chain loops back on itself.
 */
final class ExceptionChain {

    /** Bound on the walk, in case a hostile or buggy chain is enormous rather than cyclic. */
    static final int MAX_LINKS = 100;

    private ExceptionChain() {
    }

    static List<Throwable> of(Throwable top) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> toVisit = new ArrayDeque<>();
        if (top != null) {
            toVisit.push(top);
        }
        while (!toVisit.isEmpty() && chain.size() < MAX_LINKS) {
            Throwable t = toVisit.pop();
            if (!seen.add(t)) {
                continue;
            }
            chain.add(t);
            // pushed in reverse so that the cause is visited before the next exception
            if (t instanceof MessagingException me && me.getNextException() != null) {
                toVisit.push(me.getNextException());
            }
            if (t.getCause() != null) {
                toVisit.push(t.getCause());
            }
        }
        return List.copyOf(chain);
    }

    /** Only the {@link Throwable#getCause()} links, outermost first, stopping at a cycle; never empty for non-null. */
    static List<Throwable> causesOf(Throwable top) {
        List<Throwable> causes = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = top; t != null && seen.add(t) && causes.size() < MAX_LINKS; t = t.getCause()) {
            causes.add(t);
        }
        return List.copyOf(causes);
    }
}
