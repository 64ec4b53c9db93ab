package io.sluice.lifecycle;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When mail may be sent: on some days of the week, between two local times, in one time zone. Written
 * {@code MON-FRI 08:00-21:00 Europe/Paris} (days: a range, a comma list or {@code *}; the zone defaults to UTC).
 * A window whose end is before its start runs over midnight ({@code 22:00-06:00}); its day is the day it opened.
 * Immutable; built validated by {@link #parse(String)} or {@link #of}.
 *
 * @param days the days it opens on
 * @param from opening time (inclusive)
 * @param to   closing time (exclusive)
 * @param zone time zone of those times
 */
public record SendingWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {

    public SendingWindow {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a sending window needs at least one day");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("a sending window must not open and close at the same time (" + from + ")");
        }
        days = Set.copyOf(days);
    }

    /** Parses {@code DAYS FROM-TO [ZONE]}; the message names the bad part. */
    public static SendingWindow parse(String spec) {
        String[] parts = spec == null ? new String[0] : spec.trim().split("\\s+");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("a sending window is 'DAYS HH:MM-HH:MM [ZONE]' (e.g. 'MON-FRI 08:00-21:00"
                    + " Europe/Paris'), was '" + spec + "'");
        }
        String[] times = parts[1].split("-");
        if (times.length != 2) {
            throw new IllegalArgumentException("sending window times must be HH:MM-HH:MM, was '" + parts[1] + "'");
        }
        return of(parts[0], times[0], times[1], parts.length == 3 ? parts[2] : "UTC");
    }

    /** Builds a window from its parts as written in properties (days, from, to, zone). */
    public static SendingWindow of(String days, String from, String to, String zone) {
        return new SendingWindow(days(days), time(from), time(to), zone(zone));
    }

    public boolean isOpen(Instant instant) {
        ZonedDateTime t = instant.atZone(zone);
        LocalTime time = t.toLocalTime();
        if (from.isBefore(to)) {
            return days.contains(t.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
        }
        // over midnight: open from 'from' on an opening day, or before 'to' on the day after one
        return days.contains(t.getDayOfWeek()) && !time.isBefore(from)
                || days.contains(t.getDayOfWeek().minus(1)) && time.isBefore(to);
    }

    /** The next instant it is open at (the instant itself when open), searched minute by minute over 8 days. */
    public Instant nextOpening(Instant instant) {
        if (isOpen(instant)) {
            return instant;
        }
        ZonedDateTime t = instant.atZone(zone);
        for (int day = 0; day <= 8; day++) {
            ZonedDateTime candidate = t.truncatedTo(ChronoUnit.DAYS).plusDays(day).with(from);
            if (candidate.toInstant().isAfter(instant) && isOpen(candidate.toInstant())) {
                return candidate.toInstant();
            }
        }
        return instant; // unreachable: the window opens at least once a week
    }

    @Override
    public String toString() {
        String d = days.size() == 7 ? "*" : days.stream().sorted().map(x -> x.name().substring(0, 3))
                .collect(Collectors.joining(","));
        return d + " " + from + "-" + to + " " + zone.getId();
    }

    private static Set<DayOfWeek> days(String spec) {
        String s = spec == null ? "" : spec.trim().toUpperCase(Locale.ROOT);
        if (s.equals("*") || s.equals("ALL") || s.equals("DAILY")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : s.split(",")) {
            String[] range = part.trim().split("-");
            if (range.length == 1) {
                days.add(day(range[0], spec));
            } else if (range.length == 2) {
                DayOfWeek d = day(range[0], spec);
                DayOfWeek end = day(range[1], spec);
                days.add(d);
                while (d != end) {
                    d = d.plus(1);
                    days.add(d);
                }
            } else {
                throw new IllegalArgumentException("bad days '" + spec + "' (e.g. MON-FRI, SAT,SUN or *)");
            }
        }
        return days;
    }

    private static DayOfWeek day(String s, String spec) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (s.length() >= 3 && d.name().startsWith(s)) {
                return d;
            }
        }
        throw new IllegalArgumentException("bad day '" + s + "' in '" + spec + "' (MON, TUE, WED, THU, FRI, SAT, SUN)");
    }

    private static LocalTime time(String s) {
        try {
            return LocalTime.parse(s.trim().length() == 4 ? "0" + s.trim() : s.trim());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("bad time '" + s + "' (HH:MM)");
        }
    }

    private static ZoneId zone(String s) {
        try {
            return ZoneId.of(s == null || s.isBlank() ? "UTC" : s.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("bad time zone '" + s + "' (e.g. Europe/Paris, UTC)");
        }
    }
}
