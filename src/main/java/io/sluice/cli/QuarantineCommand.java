package io.sluice.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.config.SluiceLocations;
import io.sluice.db.ConfiguredDatabase;
import io.sluice.db.DataSources;
import io.sluice.db.DatabaseSettings;
import io.sluice.quarantine.AddressRecord;
import io.sluice.quarantine.AddressStatus;
import io.sluice.quarantine.QuarantineOperations;
import io.sluice.quarantine.QuarantineStore;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar sluice.jar quarantine list [--status STATUS] [--limit N] | show ADDRESS | release ADDRESS}: the
 * addresses' quarantine records (NmsAddress) for operators. Reads the database settings like {@code init-db} (file,
 * environment, -D); starts no route. {@code list} prints the counts per status and the addresses in Quarantine or
 * Denylisted (or of {@code --status}: valid, with-errors, quarantine, denylisted, all). Exit 0; 1 when the address has
 * no record; 2 on a bad command or argument.
 */
public final class QuarantineCommand {

    static final String USAGE = "Usage: java -jar sluice.jar quarantine list [--status quarantine|denylisted|"
            + "with-errors|valid|all] [--limit N] | show ADDRESS | release ADDRESS";

    private final SluiceLocations locations;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    public QuarantineCommand(SluiceLocations locations) {
        this(locations, Clock.systemUTC(), System.out, System.err);
    }

    public QuarantineCommand(SluiceLocations locations, Clock clock, PrintStream out, PrintStream err) {
        this.locations = locations;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) throws Exception {
        if (args.length == 0) {
            return usage("a sub-command is required");
        }
        String sub = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (sub) {
            case "list" -> list(rest);
            case "show", "release" -> {
                if (rest.length != 1 || rest[0].isBlank() || rest[0].startsWith("-")) {
                    yield usage(sub + " needs exactly one ADDRESS");
                }
                yield sub.equals("show") ? show(rest[0]) : release(rest[0]);
            }
            default -> usage("unknown sub-command '" + sub + "'");
        };
    }

    private int list(String[] args) throws Exception {
        List<AddressStatus> statuses = List.of(AddressStatus.QUARANTINE, AddressStatus.DENYLISTED);
        int limit = 1000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--status") && i + 1 < args.length) {
                String s = args[++i].toLowerCase(Locale.ROOT);
                Optional<List<AddressStatus>> parsed = statuses(s);
                if (parsed.isEmpty()) {
                    return usage("--status must be quarantine, denylisted, with-errors, valid or all, was '" + s + "'");
                }
                statuses = parsed.get();
            } else if (args[i].equals("--limit") && i + 1 < args.length) {
                try {
                    limit = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    return usage("--limit needs a number, was '" + args[i] + "'");
                }
                if (limit < 1) {
                    return usage("--limit must be at least 1, was " + limit);
                }
            } else {
                return usage("unexpected argument '" + args[i] + "'");
            }
        }
        try (HikariDataSource ds = dataSource(); Connection c = ds.getConnection()) {
            Map<AddressStatus, Long> counts = QuarantineStore.counts(c);
            StringBuilder header = new StringBuilder();
            counts.forEach((s, n) -> header.append(header.isEmpty() ? "" : ", ").append(s.label()).append(": ")
                    .append(n));
            out.println(header);
            List<AddressRecord> records = QuarantineStore.list(c, statuses, limit);
            records.forEach(r -> out.println(r));
            long total = statuses.stream().mapToLong(counts::get).sum();
            if (total > records.size()) {
                out.println("... " + (total - records.size()) + " more (--limit)");
            }
            return 0;
        }
    }

    private static Optional<List<AddressStatus>> statuses(String s) {
        return switch (s) {
            case "quarantine" -> Optional.of(List.of(AddressStatus.QUARANTINE));
            case "denylisted" -> Optional.of(List.of(AddressStatus.DENYLISTED));
            case "with-errors" -> Optional.of(List.of(AddressStatus.WITH_ERRORS));
            case "valid" -> Optional.of(List.of(AddressStatus.VALID));
            case "all" -> Optional.of(List.of(AddressStatus.values()));
            default -> Optional.empty();
        };
    }

    private int show(String address) throws Exception {
        try (HikariDataSource ds = dataSource(); Connection c = ds.getConnection()) {
            Optional<AddressRecord> r = QuarantineStore.find(c, address);
            if (r.isEmpty()) {
                err.println("No quarantine record for " + address + ": it is Valid (never counted an error)");
                return 1;
            }
            out.println(r.get());
            return 0;
        }
    }

    private int release(String address) throws Exception {
        try (HikariDataSource ds = dataSource(); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<AddressRecord> before = QuarantineStore.release(c, address, clock.instant());
                c.commit();
                if (before.isEmpty()) {
                    err.println("No quarantine record for " + address + ": nothing to release");
                    return 1;
                }
                out.println(QuarantineOperations.released(before.get()));
                return 0;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private HikariDataSource dataSource() throws Exception {
        DatabaseSettings settings = ConfiguredDatabase.settings(locations);
        return DataSources.create(settings, "sluice-quarantine");
    }

    private int usage(String problem) {
        err.println(problem + "\n" + USAGE);
        return 2;
    }
}
