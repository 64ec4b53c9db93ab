package io.sluice.db;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ParsedOnceParameters} gives camel-sql the same parameter values, in the same order, as camel-sql's own
 * strategy, for the shipped write-back statement and for the cases it leaves to camel-sql.
 */
class ParsedOnceParametersTest {

    private static CamelContext context;
    private final ParsedOnceParameters parsedOnce = new ParsedOnceParameters();
    private final DefaultSqlPrepareStatementStrategy camel = new DefaultSqlPrepareStatementStrategy();

    @BeforeAll
    static void startContext() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stopContext() {
        context.stop();
    }

    /** The statement as camel-sql hands it to the strategy: its {@code :#} placeholders turned into {@code :?}. */
    private static String asCamelSqlSeesIt(String sql) {
        return sql.replace(":#", ":?");
    }

    @Test
    void shouldGiveTheShippedWriteBackStatementTheSameValuesAsCamelSqlForEveryRowOfABatch() throws Exception {
        String sql = asCamelSqlSeesIt(Files.readString(Path.of("config/sql/write-result.sql")));
        List<String> names = parsedOnce.plainNames(sql);
        assertThat(names).isNotEmpty();
        Exchange exchange = new DefaultExchange(context);
        for (int row = 0; row < 3; row++) {
            Map<String, Object> parameters = new HashMap<>();
            for (String name : names) {
                parameters.put(name, name + "-" + row);
            }
            parameters.put(names.get(0), null); // a null value is a value, not a missing parameter
            assertThat(values(parsedOnce.createPopulateIterator(sql, null, names.size(), exchange, parameters)))
                    .containsExactlyElementsOf(values(camel.createPopulateIterator(sql, null, names.size(), exchange,
                            parameters)));
        }
        // the same statement text is parsed once and kept
        assertThat(parsedOnce.plainNames(sql)).isSameAs(names);
    }

    @Test
    void shouldFallBackToHeadersThenVariablesLikeCamelSql() throws Exception {
        String sql = "UPDATE t SET a = :?inBody, b = :?inHeader, c = :?inVariable WHERE d = :?inBody";
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("inHeader", "from header");
        exchange.getMessage().setHeader("inBody", "shadowed by the body");
        exchange.setVariable("inVariable", "from variable");
        Map<String, Object> row = Map.of("inBody", "from body");

        List<Object> ours = values(parsedOnce.createPopulateIterator(sql, null, 4, exchange, row));

        assertThat(ours).containsExactly("from body", "from header", "from variable", "from body");
        assertThat(ours).containsExactlyElementsOf(values(camel.createPopulateIterator(sql, null, 4, exchange, row)));
    }

    @Test
    void shouldFailAMissingParameterWithCamelSqlsMessage() {
        String sql = "UPDATE t SET a = :?present WHERE b = :?absent";
        Exchange exchange = new DefaultExchange(context);
        Map<String, Object> row = Map.of("present", 1);

        assertThatThrownBy(() -> values(parsedOnce.createPopulateIterator(sql, null, 2, exchange, row)))
                .hasMessageContaining("Cannot find key [absent] in message body or headers");
        assertThatThrownBy(() -> values(camel.createPopulateIterator(sql, null, 2, exchange, row)))
                .hasMessageContaining("Cannot find key [absent] in message body or headers");
    }

    @Test
    void shouldLeaveExpressionsInListsAndPositionalStatementsToCamelSql() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("ids", List.of(1, 2, 3));
        exchange.getMessage().setHeader("name", "x");
        String expression = "SELECT * FROM t WHERE a = :?${header.name} AND b = :?name";
        String in = "SELECT * FROM t WHERE a IN (:?in:ids) AND b = :?name";

        assertThat(values(parsedOnce.createPopulateIterator(expression, null, 2, exchange, null)))
                .containsExactly("x", "x");
        assertThat(flatten(values(parsedOnce.createPopulateIterator(in, null, 4, exchange, null))))
                .containsExactly(1, 2, 3, "x");
        assertThat(values(parsedOnce.createPopulateIterator("SELECT * FROM t WHERE a = ? AND b = ?", null, 2,
                exchange, List.of("p", "q")))).containsExactly("p", "q");
    }

    private static List<Object> values(Iterator<?> it) {
        List<Object> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<Object> flatten(List<Object> values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof Iterator<?> it) {
                it.forEachRemaining(out::add);
            } else {
                out.add(v);
            }
        }
        return out;
    }
}
