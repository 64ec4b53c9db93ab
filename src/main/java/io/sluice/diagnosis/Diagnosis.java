package io.sluice.diagnosis;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The diagnosis MBean, registered while the Camel context runs. Its statements are the {@code report-*.sql} of the
 * context's {@code sluice.sql.location}, read when it starts (a missing file stops the start, as for the routes).
 */
public final class Diagnosis extends ServiceSupport implements DiagnosisMBean, CamelContextAware {

    private final DataSource dataSource;
    private final Clock clock;
    private final ObjectName name;
    private CamelContext camelContext;
    private volatile ReportSql sql;

    public Diagnosis(DataSource dataSource, Clock clock, String instance) throws Exception {
        this.dataSource = dataSource;
        this.clock = clock;
        this.name = objectName(instance);
    }

    public static ObjectName objectName(String instance) throws Exception {
        return new ObjectName("sluice" + (instance.isEmpty() ? "" : "." + instance) + ":type=Diagnosis,name=report");
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public String report(long deliveryId) {
        return render(deliveryId, TextReport::render);
    }

    @Override
    public String reportHtml(long deliveryId) {
        return render(deliveryId, HtmlReport::render);
    }

    @Override
    public String verdict(long deliveryId) {
        return render(deliveryId, r -> r.verdict.name());
    }

    private String render(long deliveryId, Function<DiagnosisReport, String> how) {
        try {
            ReportSql statements = sql != null ? sql : ReportSql.packaged();
            Optional<DiagnosisReport> r = DiagnosisReport.load(dataSource, statements, deliveryId, clock.instant());
            return r.map(how).orElse("NOT_FOUND: no delivery " + deliveryId);
        } catch (Exception e) {
            // plain exception types only: a JMX client may not have ours or the driver's
            throw new IllegalStateException("cannot build the report of delivery " + deliveryId + ": " + e.getMessage());
        }
    }

    @Override
    protected void doStart() throws Exception {
        sql = camelContext == null ? ReportSql.packaged() : ReportSql.of(camelContext);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (!server.isRegistered(name)) {
            server.registerMBean(new StandardMBean(this, DiagnosisMBean.class), name);
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
