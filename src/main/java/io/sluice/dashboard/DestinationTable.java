package io.sluice.dashboard;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Filtering, sorting and paging of the destinations, on the server: the page receives one page of rows. */
final class DestinationTable {

    static final int MAX_PAGE = 500;

    /** The columns a page may sort by, each with its key; ties fall back to the site's name. */
    static final Map<String, Comparator<DestinationRow>> SORTS = sorts();

    private DestinationTable() {
    }

    private static Map<String, Comparator<DestinationRow>> sorts() {
        Map<String, Comparator<DestinationRow>> s = new LinkedHashMap<>();
        s.put("site", Comparator.comparing(DestinationRow::site));
        s.put("state", Comparator.comparing((DestinationRow r) -> r.flow().state().name()));
        s.put("rate", Comparator.comparingDouble((DestinationRow r) -> r.flow().rate()));
        s.put("learnedLimit", Comparator.comparing(DestinationRow::learnedLimit,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        s.put("since", Comparator.comparing((DestinationRow r) -> DestinationRow.text(r.flow().since())));
        s.put("until", Comparator.comparing((DestinationRow r) -> DestinationRow.text(r.flow().until())));
        s.put("reason", Comparator.comparing((DestinationRow r) -> Objects.toString(r.flow().reason(), "")));
        s.put("parked", Comparator.comparingLong(DestinationRow::parked));
        s.put("inMemory", Comparator.comparingInt(DestinationRow::inMemory));
        return Map.copyOf(s);
    }

    /** The page as the MBean answers it; a bad argument is an {@link IllegalArgumentException} saying what is allowed. */
    static Map<String, Object> page(List<DestinationRow> all, String filter, String sortBy, boolean descending,
                                    int first, int count, long queryMillis) {
        Comparator<DestinationRow> sort = SORTS.get(sortBy == null || sortBy.isBlank() ? "site" : sortBy);
        if (sort == null) {
            throw new IllegalArgumentException("cannot sort by '" + sortBy + "': sort by one of "
                    + List.of("site", "state", "rate", "learnedLimit", "since", "until", "reason", "parked",
                    "inMemory"));
        }
        if (first < 0 || count < 1 || count > MAX_PAGE) {
            throw new IllegalArgumentException("a page starts at 0 or later and holds 1 to " + MAX_PAGE
                    + " rows (asked: first " + first + ", count " + count + ")");
        }
        String f = filter == null ? "" : filter.strip().toLowerCase();
        Comparator<DestinationRow> order = (descending ? sort.reversed() : sort)
                .thenComparing(DestinationRow::site);
        List<DestinationRow> matching = all.stream().filter(r -> r.matches(f)).sorted(order).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", matching.size());
        m.put("all", all.size());
        m.put("first", first);
        m.put("count", count);
        m.put("queryMillis", queryMillis);
        m.put("rows", matching.stream().skip(first).limit(count).map(DestinationRow::toMap).toList());
        return m;
    }

    /** A site's parked messages: the sum over its recipient domains (-1 when the counts could not be read). */
    static long parkedOf(String site, Function<String, ? extends Iterable<String>> domainsOf,
                         Map<String, Long> parkedByDomain) {
        if (parkedByDomain == null) {
            return -1;
        }
        long sum = 0;
        for (String domain : domainsOf.apply(site)) {
            sum += parkedByDomain.getOrDefault(domain, 0L);
        }
        return sum;
    }
}
