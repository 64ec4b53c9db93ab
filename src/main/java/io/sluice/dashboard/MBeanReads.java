package io.sluice.dashboard;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deliveries and the sender as their own MBeans show them ({@code sluice:type=Delivery,name=<id>},
 * {@code sluice:type=Sender,name=global}), read in this JVM: the page gets the same figures as JMX, kept by the
 * services that already refresh them. A delivery's verdict comes from {@code sluice:type=Diagnosis}, at most once
 * per {@link #VERDICT_EVERY} per delivery (it reads the whole delivery).
 */
final class MBeanReads {

    static final Duration VERDICT_EVERY = Duration.ofSeconds(30);
    private static final String[] DELIVERY = {"DeliveryId", "InternalName", "State", "Total", "Sent", "Failed",
            "Pending", "PercentDone", "Rate", "Eta", "EtaSeconds"};
    private static final String[] SENDER = {"State", "Reason", "Since", "HeldBackDomains", "KnownDomains"};

    private record Verdict(String value, Instant at) {
    }

    private final MBeanServer server;
    private final String domain;
    private final Clock clock;
    private final Map<Long, Verdict> verdicts = new ConcurrentHashMap<>();

    MBeanReads(MBeanServer server, String instance, Clock clock) {
        this.server = server;
        this.domain = "sluice" + (instance.isEmpty() ? "" : "." + instance);
        this.clock = clock;
    }

    List<Map<String, Object>> deliveries() {
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(domain + ":type=Delivery,*"), null)) {
                Map<String, Object> row = read(name, DELIVERY);
                if (row.get("DeliveryId") instanceof Long id) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", id);
                    m.put("name", row.get("InternalName"));
                    m.put("state", row.get("State"));
                    m.put("total", row.get("Total"));
                    m.put("sent", row.get("Sent"));
                    m.put("failed", row.get("Failed"));
                    m.put("pending", row.get("Pending"));
                    m.put("percentDone", row.get("PercentDone"));
                    m.put("rate", row.get("Rate"));
                    m.put("eta", row.get("Eta"));
                    m.put("etaSeconds", row.get("EtaSeconds"));
                    m.put("verdict", verdict(id));
                    m.put("mbean", name.toString());
                    rows.add(m);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the deliveries' MBeans: " + e.getMessage());
        }
        rows.sort(Comparator.comparing(r -> (Long) r.get("id")));
        verdicts.keySet().retainAll(rows.stream().map(r -> (Long) r.get("id")).toList());
        return rows;
    }

    Map<String, Object> sender() {
        try {
            Map<String, Object> row = read(new ObjectName(domain + ":type=Sender,name=global"), SENDER);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", row.getOrDefault("State", "unknown"));
            m.put("reason", row.getOrDefault("Reason", ""));
            m.put("since", row.getOrDefault("Since", ""));
            m.put("heldBackDomains", row.getOrDefault("HeldBackDomains", 0));
            m.put("knownDomains", row.getOrDefault("KnownDomains", 0));
            return m;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the sender's MBean: " + e.getMessage());
        }
    }

    private Map<String, Object> read(ObjectName name, String[] attributes) throws Exception {
        AttributeList list = server.getAttributes(name, attributes);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Attribute a : list.asList()) {
            values.put(a.getName(), a.getValue());
        }
        return values;
    }

    /** The delivery's verdict, read again when older than {@link #VERDICT_EVERY}; "" when none can be had. */
    private String verdict(long deliveryId) {
        Instant now = clock.instant();
        Verdict v = verdicts.get(deliveryId);
        if (v == null || v.at().plus(VERDICT_EVERY).isBefore(now)) {
            String value;
            try {
                value = String.valueOf(server.invoke(new ObjectName(domain + ":type=Diagnosis,name=report"), "verdict",
                        new Object[]{deliveryId}, new String[]{long.class.getName()}));
            } catch (Exception e) {
                value = "";
            }
            v = new Verdict(value, now);
            verdicts.put(deliveryId, v);
        }
        return v.value();
    }
}
