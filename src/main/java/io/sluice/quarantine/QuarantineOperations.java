package io.sluice.quarantine;

import org.apache.camel.support.service.ServiceSupport;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The quarantine MBean ({@link QuarantineMBean}), registered while the Camel context runs. Exceptions it throws are
 * plain {@link IllegalStateException}s with the cause's message: a JMX client may not have the driver's classes.
 */
public final class QuarantineOperations extends ServiceSupport implements QuarantineMBean {

    private static final String[] ITEMS = {"address", "status", "errorCount", "lastErrorAt", "lastErrorText",
            "failureReason", "created", "modified"};
    private static final CompositeType TYPE = compositeType();

    private final DataSource dataSource;
    private final Clock clock;
    private final ObjectName name;

    public QuarantineOperations(DataSource dataSource, Clock clock, String instance) throws Exception {
        this.dataSource = dataSource;
        this.clock = clock;
        this.name = objectName(instance);
    }

    public static ObjectName objectName(String instance) throws Exception {
        return new ObjectName("sluice" + (instance.isEmpty() ? "" : "." + instance) + ":type=Quarantine");
    }

    @Override
    public String lookup(String address) {
        return find(address).map(AddressRecord::toString).orElse(notFound(address));
    }

    @Override
    public CompositeData details(String address) {
        return find(address).map(QuarantineOperations::composite).orElse(null);
    }

    @Override
    public String release(String address) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Optional<AddressRecord> before = QuarantineStore.release(c, address, clock.instant());
                c.commit();
                return before.map(QuarantineOperations::released).orElse(notFound(address));
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release " + address + ": " + e.getMessage());
        }
    }

    /** What a release did, in a sentence (the MBean's and the command line's answer). */
    public static String released(AddressRecord before) {
        String was = before.address() + " released: Valid, 0 errors (was " + before.status().label() + ", "
                + before.errorCount() + " errors)";
        return before.status() == AddressStatus.DENYLISTED
                ? was + ". NmsRecipient.iBlackList is left as it is: the person's own choice, cleared only in Campaign"
                : was;
    }

    static String notFound(String address) {
        return "NOT_FOUND: " + address + " has no quarantine record (it is Valid)";
    }

    @Override
    public long getValidCount() {
        return counts().get(AddressStatus.VALID);
    }

    @Override
    public long getWithErrorsCount() {
        return counts().get(AddressStatus.WITH_ERRORS);
    }

    @Override
    public long getQuarantineCount() {
        return counts().get(AddressStatus.QUARANTINE);
    }

    @Override
    public long getDenylistedCount() {
        return counts().get(AddressStatus.DENYLISTED);
    }

    private Map<AddressStatus, Long> counts() {
        try (Connection c = dataSource.getConnection()) {
            return QuarantineStore.counts(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count addresses: " + e.getMessage());
        }
    }

    private Optional<AddressRecord> find(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("an address is required");
        }
        try (Connection c = dataSource.getConnection()) {
            return QuarantineStore.find(c, address);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + address + ": " + e.getMessage());
        }
    }

    private static CompositeData composite(AddressRecord r) {
        try {
            return new CompositeDataSupport(TYPE, ITEMS, new Object[]{r.address(), r.status().label(), r.errorCount(),
                    text(r.lastErrorAt()), r.lastErrorText(), r.failureReason(), text(r.created()),
                    text(r.modified())});
        } catch (OpenDataException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static CompositeType compositeType() {
        try {
            OpenType<?>[] types = {SimpleType.STRING, SimpleType.STRING, SimpleType.INTEGER, SimpleType.STRING,
                    SimpleType.STRING, SimpleType.INTEGER, SimpleType.STRING, SimpleType.STRING};
            String[] descriptions = {"address, lower-cased", "Valid, With errors, Quarantine or Denylisted",
                    "counted errors", "time of the last counted error (UTC)", "text of the last error",
                    "Campaign failure reason of the last error", "record created (UTC)", "record last changed (UTC)"};
            return new CompositeType("NmsAddress", "an address's quarantine record", ITEMS, descriptions, types);
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    protected void doStart() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (!server.isRegistered(name)) {
            server.registerMBean(new StandardMBean(this, QuarantineMBean.class), name);
        }
    }

    @Override
    protected void doStop() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }
}
