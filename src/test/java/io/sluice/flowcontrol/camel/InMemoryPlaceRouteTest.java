package io.sluice.flowcontrol.camel;

import static io.sluice.SluiceConstants.SLUICE_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_HOLD;
import static io.sluice.SluiceConstants.SLUICE_MODEL;
import static io.sluice.SluiceConstants.SLUICE_ROW;
import static io.sluice.SluiceConstants.SLUICE_SITE;
import static io.sluice.SluiceConstants.SLUICE_SUBJECT_TEMPLATE;
import static io.sluice.SluiceConstants.SLUICE_TRANSPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.sluice.flowcontrol.FlowControlConfig;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.lifecycle.DeliveryGuard;
import io.sluice.send.MessagePreparer;
import io.sluice.parking.Parking;
import io.sluice.send.MxFailover;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ProcessorEndpoint;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real per-message routes ({@code routes/deliver.camel.yaml}) with the real gate and stand-ins for the database,
 * SMTP and templates: whichever way a message leaves them, its site's in-memory place is given back, at the moment
 * the removed {@code flowGate.done} steps gave it back (before its result, park or hold), and never twice.
 */
class InMemoryPlaceRouteTest {

    /** The recipient domain says which way the message leaves; each domain is its own site. */
    static final String SENT = "sent.test";
    static final String FAILED = "failed.test";
    static final String PARKED = "parked.test";
    static final String SUSPENDED_MEANWHILE = "meanwhile.test";
    static final String LEASE_ENDED = "lease.test";
    static final String HELD = "held.test";

    /** What the gate's count of the message's site was when the message reached each exit. */
    final Map<String, List<Integer>> placesAt = new ConcurrentHashMap<>();
    final AtomicInteger leaseEnded = new AtomicInteger();
    final FlowControlRegistry flows = FlowControlRegistry.custom()
            .defaultConfig(FlowControlConfig.custom().initialRate(1000).maxRate(1000).build()).build();
    final FlowGate gate = new FlowGate(flows, Clock.systemUTC(), Duration.ofSeconds(2), 100, Duration.ofSeconds(30));
    CamelContext camel;

    /** The claimed row as the routes' log lines read it. */
    public record Row(long broadlogId) {
    }

    @BeforeEach
    void start() throws Exception {
        flows.flow(PARKED).suspend(Duration.ofMinutes(10), "test: suspended before its mail comes");
        camel = new DefaultCamelContext();
        camel.setAutowiredEnabled(false); // the stand-ins below take the names of real components (sql, smtp...)
        Properties props = new Properties();
        props.put("sluice.send.queue-size", "1000");
        props.put("sluice.send.threads", "4");
        props.put("sluice.sql.location", "file:config/sql");
        camel.getPropertiesComponent().setInitialProperties(props);
        for (String stand : List.of("sql", "mustache", "mustacheText")) {
            camel.addComponent(stand, standIn(exchange -> { }));
        }
        camel.addComponent("smtp", standIn(exchange -> {
            if (FAILED.equals(exchange.getMessage().getHeader(SLUICE_DOMAIN))) {
                throw new IllegalStateException("550 5.1.1 test: no such user");
            }
        }));
        bindBeans();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:park").routeId("test-park").process(e -> {
                    record("park", e);
                    if (SUSPENDED_MEANWHILE.equals(e.getMessage().getHeader(SLUICE_DOMAIN))) {
                        flows.flow(SUSPENDED_MEANWHILE).resetToNormal("test: the next one waits again");
                    }
                });
                from("direct:results").routeId("test-results").process(e -> record("results", e));
            }
        });
        var loader = PluginHelper.getRoutesLoader(camel);
        loader.loadRoutes(ResourceHelper.resolveResource(camel, "file:" + Path.of("routes/error-handling.xml")));
        loader.loadRoutes(ResourceHelper.resolveResource(camel, "file:" + Path.of("routes/deliver.camel.yaml")));
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void shouldGiveTheSitePlaceBackBeforeTheResultParkOrHoldOfEachWayOut() {
        for (String domain : List.of(SENT, FAILED, PARKED, SUSPENDED_MEANWHILE, LEASE_ENDED, HELD)) {
            send(1, domain);
        }
        assertThat(placesAt).as("each exit saw its message's place already given back").containsOnly(
                Map.entry("results " + SENT, List.of(0)), Map.entry("results " + FAILED, List.of(0)),
                Map.entry("park " + PARKED, List.of(0)), Map.entry("park " + SUSPENDED_MEANWHILE, List.of(0)),
                Map.entry("hold " + HELD, List.of(0)));
        assertThat(gate.inMemory(LEASE_ENDED)).as("dropped: its lease ended while it waited").isZero();
    }

    @Test
    void shouldLeaveNoPlaceTakenAfterABatchThroughEveryWayOut() {
        List<String> domains = List.of(SENT, FAILED, PARKED, SUSPENDED_MEANWHILE, LEASE_ENDED, HELD);
        for (int i = 0; i < 50; i++) {
            for (String domain : domains) {
                camel.createProducerTemplate().sendBody("seda:deliver", "to@" + domain);
            }
        }
        await().atMost(Duration.ofSeconds(30)).alias("every message at its exit").until(() -> reached("results " + SENT) == 50
                && reached("results " + FAILED) == 50 && reached("park " + PARKED) == 50
                // resumed by one message's park while another waited: that one is sent
                && reached("park " + SUSPENDED_MEANWHILE) + reached("results " + SUSPENDED_MEANWHILE) == 50
                && reached("hold " + HELD) == 50
                && leaseEnded.get() == 50);
        for (String domain : domains) {
            assertThat(gate.inMemory(domain)).as("places of %s still taken", domain).isZero();
        }
        assertThat(reached("park " + SUSPENDED_MEANWHILE)).as("parked after waiting").isPositive();
    }

    int reached(String exit) {
        return placesAt.getOrDefault(exit, List.of()).size();
    }

    void send(int count, String domain) {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("deliver-message").whenDone(count).create();
        for (int i = 0; i < count; i++) {
            camel.createProducerTemplate().sendBody("seda:deliver", "to@" + domain);
        }
        await().atMost(Duration.ofSeconds(10)).until(done::matches);
    }

    void record(String exit, Exchange exchange) {
        String domain = exchange.getMessage().getHeader(SLUICE_DOMAIN, String.class);
        placesAt.computeIfAbsent(exit + " " + domain, k -> new CopyOnWriteArrayList<>()).add(gate.inMemory(domain));
    }

    void bindBeans() {
        var registry = camel.getRegistry();
        registry.bind("messagePreparer", new Preparer());
        registry.bind("flowGate", gate);
        registry.bind("deliveryGuard", new Guard());
        registry.bind("messageAssembler", new Object() {
            @SuppressWarnings("unused")
            public void assemble(Exchange exchange) {
            }
        });
        registry.bind("dkimSigning", new Object() { // nothing assembled, nothing to sign
            @SuppressWarnings("unused")
            public void sign(Exchange exchange) {
            }
        });
        registry.bind("mxFailover", new MxFailover(null));
        registry.bind("resultRecorder", new Object() {
            @SuppressWarnings("unused")
            public String accepted(Exchange exchange) {
                return "sent";
            }

            @SuppressWarnings("unused")
            public String failed(Exchange exchange) {
                return "failed";
            }
        });
        registry.bind("deliveryCapped", Predicate.class, (Predicate) ex -> false);
        registry.bind("deliveryPermits", expression(ex -> 1));
        registry.bind("deliveryIdOfRow", expression(ex -> 1L));
        // the site is suspended while this message waits for its slot
        registry.bind("millisToSlot", expression(ex -> {
            if (SUSPENDED_MEANWHILE.equals(ex.getMessage().getHeader(SLUICE_SITE))) {
                flows.flow(SUSPENDED_MEANWHILE).suspend(Duration.ofMinutes(10), "test: suspended while it waited");
            }
            return gate.millisToSlot(ex);
        }));
        registry.bind("sitePermits", expression(ex -> gate.permits(ex.getMessage().getHeader(SLUICE_SITE, String.class))));
        registry.bind("leaseExpired", Predicate.class, (Predicate) ex -> {
            boolean ended = LEASE_ENDED.equals(ex.getMessage().getHeader(SLUICE_DOMAIN));
            if (ended) {
                leaseEnded.incrementAndGet();
            }
            return ended;
        });
        registry.bind("hostNotConnected", Predicate.class, (Predicate) ex -> false);
        registry.bind("notSendable", Predicate.class, (Predicate) MessagePreparer::notSendable);
        registry.bind("notSendableResult", expression(MessagePreparer::notSendableResult));
        registry.bind("mustPark", Predicate.class, (Predicate) FlowGate::mustPark);
        registry.bind("mustHold", Predicate.class, (Predicate) DeliveryGuard::mustHold);
        registry.bind("mustCancel", Predicate.class, (Predicate) DeliveryGuard::mustCancel);
        registry.bind("parkInDatabase", Predicate.class, (Predicate) Parking::inDatabase);
        registry.bind("sendAgain", Predicate.class, (Predicate) MxFailover::sendAgain);
        registry.bind("hasHtmlPart", Predicate.class, (Predicate) MessagePreparer::hasHtmlPart);
        registry.bind("hasTextPart", Predicate.class, (Predicate) MessagePreparer::hasTextPart);
    }

    /** Prepares "to@domain": the domain is its own site; it goes to the stand-in SMTP endpoint. */
    public static final class Preparer {
        public void prepare(Exchange exchange) {
            String domain = exchange.getMessage().getBody(String.class).substring(3);
            exchange.setProperty(SLUICE_ROW, new Row(1));
            exchange.getMessage().setHeader(SLUICE_DOMAIN, domain);
            exchange.getMessage().setHeader(SLUICE_SITE, domain);
            exchange.setProperty(SLUICE_TRANSPORT, "smtp:" + domain);
            exchange.setProperty(SLUICE_MODEL, Map.of());
            exchange.setProperty(SLUICE_SUBJECT_TEMPLATE, "Hello");
        }
    }

    /** The delivery of held.test's mail has been paused since it was claimed. */
    public final class Guard {
        public void check(Exchange exchange) {
            if (HELD.equals(exchange.getMessage().getHeader(SLUICE_DOMAIN))) {
                exchange.setProperty(SLUICE_HOLD, "HOLD");
            }
        }

        public void toUpdate(Exchange exchange) {
            record("hold", exchange);
        }
    }

    static DefaultComponent standIn(org.apache.camel.Processor processor) {
        return new DefaultComponent() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                parameters.clear();
                return new ProcessorEndpoint(uri, this, processor);
            }
        };
    }

    static ExpressionAdapter expression(java.util.function.Function<Exchange, Object> f) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return f.apply(exchange);
            }
        };
    }
}
