package io.sluice.diagnosis;

import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's statements, {@code report-*.sql} in the SQL directory ({@code sluice.sql.location}, like the routes'
 * statements): each file read once, its {@code --} comment lines dropped and its {@code :#name} parameters turned
 * into JDBC {@code ?} as camel-sql does, so that the report runs them over plain JDBC (the {@code report} command
 * starts no route).
 *
 * @param delivery      the delivery's name, state and creation time
 * @param period        first and last attempt and last change of its rows
 * @param domainFigures its rows counted per domain, status and last message
 * @param flowEvents    the flow-control events of the report's period
 * @param messages      the messages its rows hold as their last failure
 * @param attempts      every attempted row (streamed, for the timelines)
 * @param feedback      the bounce mailbox's bounces, complaints and auto-replies matched to its messages, per domain;
 *                      null when the SQL directory has no {@value #FEEDBACK_FILE} (a copy older than it)
 * @param attemptLog    every attempt's outcome (SluiceAttemptLog, {@link AttemptLogCounts}); null when the SQL
 *                      directory has no {@value #ATTEMPT_LOG_FILE} (a copy older than it): the report then counts from
 *                      the broadlog alone
 */
public record ReportSql(Statement delivery, Statement period, Statement domainFigures, Statement flowEvents,
                        Statement messages, Statement attempts, Statement feedback, Statement attemptLog) {

    /** The attempt log's statement, optional: an operator's older copy of the SQL directory still reports. */
    public static final String ATTEMPT_LOG_FILE = "report-attempt-log.sql";
    /** The bounce mailbox's statement, optional for the same reason. */
    public static final String FEEDBACK_FILE = "report-feedback.sql";

    /** The property naming the SQL directory, the routes' {@code {{sluice.sql.location}}}. */
    public static final String LOCATION_PROPERTY = "sluice.sql.location";
    /** The shipped {@code config/sql}, packed into the jar and the bundle. */
    public static final String PACKAGED_LOCATION = "classpath:sluice/config/sql";

    /** What reads a file of the SQL directory by name. */
    @FunctionalInterface
    public interface Source {
        String read(String fileName) throws IOException;
    }

    public ReportSql {
        Objects.requireNonNull(delivery);
        Objects.requireNonNull(period);
        Objects.requireNonNull(domainFigures);
        Objects.requireNonNull(flowEvents);
        Objects.requireNonNull(messages);
        Objects.requireNonNull(attempts);
    }

    /** The statements without the feedback and the attempt log (the report counts from the broadlog alone). */
    public ReportSql(Statement delivery, Statement period, Statement domainFigures, Statement flowEvents,
                     Statement messages, Statement attempts) {
        this(delivery, period, domainFigures, flowEvents, messages, attempts, null, null);
    }

    public static ReportSql read(Source source) throws IOException {
        return new ReportSql(Statement.read(source, "report-delivery.sql"), Statement.read(source, "report-period.sql"),
                Statement.read(source, "report-domain-figures.sql"), Statement.read(source, "report-flow-events.sql"),
                Statement.read(source, "report-messages.sql"), Statement.read(source, "report-attempts.sql"),
                optional(source, FEEDBACK_FILE), optional(source, ATTEMPT_LOG_FILE));
    }

    /** A statement the report can do without: null when its file cannot be read. */
    private static Statement optional(Source source, String file) {
        try {
            return Statement.read(source, file);
        } catch (IOException e) {
            return null;
        }
    }

    /** The statements of the context's {@code sluice.sql.location} (file:, classpath: ... as for the routes). */
    public static ReportSql of(CamelContext context) throws IOException {
        String location = context.getPropertiesComponent().resolveProperty(LOCATION_PROPERTY).map(String::trim)
                .orElse(PACKAGED_LOCATION);
        return read(name -> {
            try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, location + "/" + name)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
    }

    /** The shipped statements (the classpath copy of {@code config/sql}), for a report built without a configuration. */
    public static ReportSql packaged() {
        try {
            return read(name -> {
                String resource = PACKAGED_LOCATION.substring("classpath:".length()) + "/" + name;
                try (InputStream in = ReportSql.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IOException("no " + resource + " on the classpath");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One statement of a file: its JDBC text and its parameter names in order.
     *
     * @param file       the file it was read from (for error messages)
     * @param sql        the text with {@code ?} in place of each {@code :#name}
     * @param parameters the names, in the order of the {@code ?}
     */
    public record Statement(String file, String sql, List<String> parameters) {

        /** camel-sql's named parameter, {@code :#name}. */
        private static final Pattern PARAMETER = Pattern.compile(":#(\\w+)");

        public Statement {
            parameters = List.copyOf(parameters);
        }

        /** Reads one statement of {@code config/sql} (also used outside the report: io.sluice.cluster). */
        public static Statement read(Source source, String file) throws IOException {
            String text;
            try {
                text = source.read(file);
            } catch (IOException e) {
                throw new IOException("cannot read the report statement " + file + ": " + e.getMessage(), e);
            }
            return parse(file, text);
        }

        /** Drops comment lines (as camel-sql does) and turns each {@code :#name} into {@code ?}. */
        static Statement parse(String file, String text) {
            StringBuilder code = new StringBuilder();
            text.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> code.append(l).append('\n'));
            List<String> names = new ArrayList<>();
            Matcher m = PARAMETER.matcher(code);
            StringBuilder sql = new StringBuilder();
            while (m.find()) {
                names.add(m.group(1));
                m.appendReplacement(sql, "?");
            }
            m.appendTail(sql);
            if (sql.toString().isBlank()) {
                throw new IllegalArgumentException(file + " holds no statement");
            }
            return new Statement(file, sql.toString().strip(), names);
        }

        /** Prepares it on {@code c} with each parameter's value taken from {@code values} by name. */
        public PreparedStatement prepare(Connection c, Map<String, ?> values) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql);
            try {
                for (int i = 0; i < parameters.size(); i++) {
                    String name = parameters.get(i);
                    if (!values.containsKey(name)) {
                        throw new SQLException(file + " needs the parameter :#" + name + ", the report has "
                                + values.keySet());
                    }
                    ps.setObject(i + 1, values.get(name));
                }
                return ps;
            } catch (SQLException | RuntimeException e) {
                ps.close();
                throw e;
            }
        }

        /** Runs it as an update on {@code c}: the rows it changed. */
        public int update(Connection c, Map<String, ?> values) throws SQLException {
            try (PreparedStatement ps = prepare(c, values)) {
                return ps.executeUpdate();
            }
        }

        /** Runs it as a query on {@code c}: its first row's first column as a number, null when there is no row. */
        public Long queryLong(Connection c, Map<String, ?> values) throws SQLException {
            try (PreparedStatement ps = prepare(c, values); java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
