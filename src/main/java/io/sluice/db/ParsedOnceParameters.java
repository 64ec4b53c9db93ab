package io.sluice.db;

import org.apache.camel.Exchange;
import org.apache.camel.RuntimeExchangeException;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.component.sql.SqlHelper;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * camel-sql's named-parameter handling ({@code :#name}) with each statement's parameter names parsed once instead
 * of once per row: plugged into a camel-sql endpoint with {@code prepareStatementStrategy=#parsedOnceParameters}.
 * <p>
 * Why: in batch mode ({@code batch=true}) camel-sql's {@link DefaultSqlPrepareStatementStrategy} runs its
 * parameter regex over the whole statement text (comments included) twice for every row of the batch; on the
 * write-back of every result ({@code write-result.sql}) that was ~3.5 % of the CPU of {@code bench/throughput}
 * (docs/benchmarks.md, stop 7).
 * <p>
 * Same values, same order, same error as camel-sql: for each name, the row's map (the batch row or the body) first,
 * then the headers, then the variables, and a missing name fails the exchange with camel-sql's message. Statements
 * with {@code :#${expression}} or {@code :#in:name} parameters are left to camel-sql as they are.
 */
public final class ParsedOnceParameters extends DefaultSqlPrepareStatementStrategy {

    /** Registry name used in the endpoint URIs ({@code prepareStatementStrategy=#parsedOnceParameters}). */
    public static final String BEAN_NAME = "parsedOnceParameters";

    /** camel-sql has turned {@code :#name} into {@code :?name} when the strategy sees the statement. */
    private static final Pattern PLAIN_NAME = Pattern.compile(":\\?(\\w+)");
    /** Statements camel-sql handles itself: expressions and IN lists. */
    private static final List<String> NOT_PLAIN = java.util.Collections.unmodifiableList(new ArrayList<>());
    /** Statements of a context are a handful (one per endpoint); a route building SQL at run time would not be. */
    private static final int MAX_STATEMENTS = 1_000;
    private static final String MISSING_PARAMETER
            = "Cannot find key [%s] in message body or headers to use when setting named parameter in query [%s]";

    private final Map<String, List<String>> namesByStatement = new ConcurrentHashMap<>();

    @Override
    protected boolean hasNamedParameters(String query) {
        List<String> names = plainNames(query);
        return names == NOT_PLAIN ? super.hasNamedParameters(query) : !names.isEmpty();
    }

    @Override
    public Iterator<?> createPopulateIterator(String query, String preparedQuery, int expectedParams, Exchange exchange,
                                              Object value) throws SQLException {
        List<String> names = plainNames(query);
        if (names == NOT_PLAIN || names.isEmpty()) {
            return super.createPopulateIterator(query, preparedQuery, expectedParams, exchange, value);
        }
        Object[] values = new Object[names.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = lookup(names.get(i), exchange, value, query);
        }
        return Arrays.asList(values).iterator();
    }

    private static Object lookup(String name, Exchange exchange, Object row, String query) {
        // the common case directly (a batch row or body that is a map holding the name); the rest as camel-sql does
        if (row instanceof Map<?, ?> map && map.containsKey(name)) {
            return map.get(name);
        }
        if (!SqlHelper.hasParameter(name, exchange, row)) {
            throw new RuntimeExchangeException(String.format(MISSING_PARAMETER, name, query), exchange);
        }
        return SqlHelper.lookupParameter(name, exchange, row);
    }

    /** The statement's parameter names in order, {@link #NOT_PLAIN} for statements camel-sql handles itself. */
    List<String> plainNames(String query) {
        List<String> names = namesByStatement.get(query);
        if (names == null) {
            names = parse(query);
            if (namesByStatement.size() < MAX_STATEMENTS) {
                namesByStatement.put(query, names);
            }
        }
        return names;
    }

    private static List<String> parse(String query) {
        if (query.contains(":?$") || query.contains(":?in:")) {
            return NOT_PLAIN;
        }
        List<String> names = new ArrayList<>();
        Matcher m = PLAIN_NAME.matcher(query);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }
}
