package io.sluice.console;

import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.monitor.FlowControlMBeans;
import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every attribute and operation of Sluice's MBeans through the console's Jolokia endpoint, with the configured
 * credentials, against the real app (PostgreSQL, embedded broker, SMTP simulator). Operations change real
 * behaviour: a suspended domain gets no mail while others do; releasing parked mail sends it.
 */
class ConsoleJolokiaTest {

    static final String USER = "operator";
    static final String PASSWORD = "jolokia-test-secret";

    static TestDatabase db;
    static SmtpSimulator smtp;
    static SluiceApp app;
    static ConsoleClient client;
    static String jmxDomain;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.open("postgresql");
        smtp = SmtpSimulator.builder().build().start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        app = SluiceApp.builder().database(db.url(), db.user())
                .domains(SluiceApp.relayTo(smtp.port(), Map.of()))
                .property("sluice.console.enabled", "true")
                .property("sluice.console.port", String.valueOf(port))
                .property("sluice.console.user", USER)
                .property("sluice.console.password", PASSWORD)
                .start();
        client = new ConsoleClient(app.context().getRegistry().lookupByNameAndType("sluiceConsole", HawtioConsole.class).url());
        jmxDomain = "sluice." + app.context().getName(); // SluiceApp sets sluice.jmx.instance to the context name
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (smtp != null) {
            smtp.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** Makes flow control know the domain and registers its MBean (as the first window would). */
    static String domainMBean(String domain) {
        app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class).flow(domain);
        app.context().hasService(FlowControlMBeans.class).sync();
        return jmxDomain + ":type=Domain,name=\"" + domain + "\"";
    }

    static String senderMBean() {
        return jmxDomain + ":type=Sender,name=global";
    }

    static JsonObject jolokia(JsonObject request) throws Exception {
        HttpResponse<String> r = client.post("/jolokia/", request.toJson(), ConsoleClient.basic(USER, PASSWORD));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject answer = (JsonObject) Jsoner.deserialize(r.body());
        assertThat(answer.getInteger("status")).as(r.body()).isEqualTo(200);
        return answer;
    }

    static JsonObject readAll(String mbean) throws Exception {
        JsonObject req = new JsonObject();
        req.put("type", "read");
        req.put("mbean", mbean);
        return (JsonObject) jolokia(req).get("value");
    }

    static Object read(String mbean, String attribute) throws Exception {
        JsonObject req = new JsonObject();
        req.put("type", "read");
        req.put("mbean", mbean);
        req.put("attribute", attribute);
        return jolokia(req).get("value");
    }

    static Object exec(String mbean, String operation, Object... args) throws Exception {
        JsonObject req = new JsonObject();
        req.put("type", "exec");
        req.put("mbean", mbean);
        req.put("operation", operation);
        req.put("arguments", List.of(args));
        return jolokia(req).get("value");
    }

    @Test
    void shouldReadEveryAttributeOfADomainMBean() throws Exception {
        JsonObject a = readAll(domainMBean("attributes.test"));
        assertThat(a.keySet()).containsExactlyInAnyOrder("State", "HeldBack", "Rate", "ConfiguredMaxRate", "Reason",
                "Since", "Until", "LastWindow", "CurrentWindow", "LearnedLimit", "ParkedMessages", "InMemoryMessages",
                "SmtpConnections");
        assertThat(a.getString("LearnedLimit")).isEqualTo("nothing learned");
        assertThat(a.getString("State")).isEqualTo("NORMAL");
        assertThat(a.getBoolean("HeldBack")).isFalse();
        assertThat(((Number) a.get("Rate")).doubleValue()).isEqualTo(10.0); // domains.yaml initialRate
        assertThat(((Number) a.get("ConfiguredMaxRate")).doubleValue()).isEqualTo(50.0); // domains.yaml maxRate
        assertThat(a.getString("Since")).isNotBlank();
        assertThat(a.getString("Until")).isEmpty();
        assertThat(a.get("Reason")).isInstanceOf(String.class);
        assertThat(a.get("LastWindow")).isInstanceOf(String.class);
        assertThat(a.get("CurrentWindow")).isInstanceOf(String.class);
        assertThat(((Number) a.get("ParkedMessages")).longValue()).isZero();
        assertThat(((Number) a.get("InMemoryMessages")).intValue()).isZero();
        assertThat(a.getString("SmtpConnections")).as("nothing sent to it yet").isEmpty();
    }

    @Test
    void shouldReadEveryAttributeOfTheSenderMBean() throws Exception {
        domainMBean("sender.test");
        JsonObject a = readAll(senderMBean());
        assertThat(a.keySet()).containsExactlyInAnyOrder("State", "Reason", "Since", "HeldBackDomains", "KnownDomains",
                "SkippedMxHosts", "PolicyHash", "PolicyLoadedAt", "PolicyLastError", "PolicyFiles");
        assertThat(a.getString("PolicyHash")).hasSize(12);
        assertThat(a.getString("PolicyLastError")).isEmpty();
        assertThat(a.getString("State")).isEqualTo("HEALTHY");
        assertThat(a.get("Reason")).isInstanceOf(String.class);
        assertThat(a.get("Since")).isInstanceOf(String.class);
        assertThat(((Number) a.get("KnownDomains")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(((Number) a.get("HeldBackDomains")).intValue()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void shouldCapTheRateAndResetToNormal() throws Exception {
        String mbean = domainMBean("rate.test");
        exec(mbean, "setRate", 2.5, 600);
        assertThat(read(mbean, "State")).isEqualTo("BACKOFF");
        assertThat(((Number) read(mbean, "Rate")).doubleValue()).isEqualTo(2.5);
        assertThat((String) read(mbean, "Until")).isNotBlank();
        assertThat((String) read(mbean, "Reason")).contains("operator");
        assertThat(read(mbean, "HeldBack")).isEqualTo(true);

        exec(mbean, "resetToNormal");
        assertThat(read(mbean, "State")).isEqualTo("NORMAL");
        assertThat(read(mbean, "HeldBack")).isEqualTo(false);
        assertThat((String) read(mbean, "Reason")).contains("operator");
    }

    @Test
    void shouldSendNothingToASuspendedDomainAndSendItsParkedMailWhenReleased() throws Exception {
        String held = "held.test";
        String open = "open.test";
        String mbean = domainMBean(held);
        int heldBefore = ((Number) read(senderMBean(), "HeldBackDomains")).intValue();
        exec(mbean, "suspend", 3600);
        assertThat(read(mbean, "State")).isEqualTo("SUSPENDED");
        assertThat(((Number) read(mbean, "Rate")).doubleValue()).isZero();
        assertThat((String) read(mbean, "Until")).isNotBlank();
        assertThat(((Number) read(senderMBean(), "HeldBackDomains")).intValue()).isEqualTo(heldBefore + 1);

        Campaign campaign = new Campaign(db.dataSource());
        long delivery = campaign.delivery().create();
        for (int i = 0; i < 3; i++) {
            campaign.pending(delivery, "held" + i + "@" + held);
            campaign.pending(delivery, "open" + i + "@" + open);
        }
        // the open domain is sent; the suspended one is parked (in the database: an hour is beyond the broker
        // horizon), nothing reaches its server
        await().atMost(Duration.ofSeconds(60)).until(() -> recipientsAt(open).size() == 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> ((Number) read(mbean, "ParkedMessages")).longValue() == 3);
        assertThat(recipientsAt(held)).isEmpty();
        assertThat(read(mbean, "State")).isEqualTo("SUSPENDED");

        // lift the suspension and release: the parked mail is sent now, not when its park time ends
        exec(mbean, "resetToNormal");
        Object released = exec(mbean, "releaseParked");
        assertThat((String) released).contains("released the parked mail of " + held);
        await().atMost(Duration.ofSeconds(60)).until(() -> recipientsAt(held).size() == 3);
        assertThat(recipientsAt(held)).containsExactlyInAnyOrder("held0@" + held, "held1@" + held, "held2@" + held);
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) read(mbean, "ParkedMessages")).longValue() == 0);
    }

    static List<String> recipientsAt(String domain) {
        return smtp.receivedMessages().stream().map(ReceivedMessage::recipients).flatMap(List::stream)
                .filter(r -> r.endsWith("@" + domain)).toList();
    }
}
