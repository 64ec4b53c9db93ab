package io.sluice.demo;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** Writes the demo delivery, its recipients and their Pending broadlog rows, then starts the delivery (51). */
public final class DemoSeeder {

    private final DataSource dataSource;

    public DemoSeeder(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return the delivery id */
    public long seed(Instant now) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long deliveryId;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO NmsDelivery (sInternalName, sLabel, iState,"
                    + " tsValidity, sMailFrom, sSubject, mHtml, mText, iRetryCount, iRetryPeriodSec)"
                    + " VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "DM" + now.toEpochMilli());
                ps.setString(2, "Sluice demo delivery");
                ps.setTimestamp(3, Timestamp.from(now.plus(DemoScenario.VALIDITY)));
                ps.setString(4, "news@sender.demo");
                ps.setString(5, "Hello {{recipient.firstName}}, your demo newsletter");
                ps.setString(6, "<html><body><h1>Hello {{recipient.firstName}} {{recipient.lastName}}</h1>"
                        + "<p>Delivery {{delivery.internalName}}</p></body></html>");
                ps.setString(7, "Hello {{recipient.firstName}} {{recipient.lastName}}\nDelivery {{delivery.internalName}}");
                ps.setInt(8, 5);  // soft failures are tried 5 more times...
                ps.setInt(9, 3);  // ...3 seconds apart, so the demo ends within about a minute
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    deliveryId = keys.getLong(1);
                }
            }
            int n = 0;
            for (DemoScenario.DemoDomain d : DemoScenario.DOMAINS) {
                for (int i = 0; i < d.recipients(); i++) {
                    String local = "strict.demo".equals(d.name()) && i % 5 == 0 ? "unknown" + i : "user" + i;
                    addRecipient(c, deliveryId, local + "@" + d.name(), "First" + i, "Last" + i);
                    n++;
                }
            }
            for (String bad : DemoScenario.MALFORMED) {
                addRecipient(c, deliveryId, bad, "Bad", "Address");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE NmsDelivery SET iState = 51 WHERE iDeliveryId = ?")) {
                ps.setLong(1, deliveryId);
                ps.executeUpdate();
            }
            c.commit();
            return deliveryId;
        }
    }

    private static void addRecipient(Connection c, long deliveryId, String email, String first, String last) throws Exception {
        long recipientId;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO NmsRecipient (sEmail, sFirstName, sLastName)"
                + " VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, email);
            ps.setString(2, first);
            ps.setString(3, last);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                recipientId = keys.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO NmsBroadLogRcp (iDeliveryId, iRecipientId, iStatus,"
                + " tsNextTry) VALUES (?, ?, 6, CURRENT_TIMESTAMP)")) {
            ps.setLong(1, deliveryId);
            ps.setLong(2, recipientId);
            ps.executeUpdate();
        }
    }
}
