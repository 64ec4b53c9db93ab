package io.sluice.monitor;

import io.sluice.parking.ParkedMail;
import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowSnapshot;
import io.sluice.flowcontrol.LearnedLimit;
import io.sluice.flowcontrol.camel.FlowGate;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/** {@link DomainFlowControlMBean} over one {@link DomainFlow}. */
public final class DomainFlowControl implements DomainFlowControlMBean {

    private final DomainFlow flow;
    private final FlowGate gate;
    private final ParkedMail parked;
    private final Function<String, String> smtpConnections;

    /** @param smtpConnections the connections of a site as text (the SMTP pool's), or empty */
    public DomainFlowControl(DomainFlow flow, FlowGate gate, ParkedMail parked,
                             Function<String, String> smtpConnections) {
        this.flow = flow;
        this.gate = gate;
        this.parked = parked;
        this.smtpConnections = smtpConnections;
    }

    private FlowSnapshot s() {
        return flow.snapshot();
    }

    @Override
    public String getState() {
        return s().state().name();
    }

    @Override
    public boolean isHeldBack() {
        return s().heldBack();
    }

    @Override
    public double getRate() {
        return s().rate();
    }

    @Override
    public double getConfiguredMaxRate() {
        return s().configuredMaxRate();
    }

    @Override
    public String getReason() {
        return Objects.toString(s().reason(), "");
    }

    @Override
    public String getSince() {
        return Objects.toString(s().since(), "");
    }

    @Override
    public String getUntil() {
        return Objects.toString(s().until(), "");
    }

    @Override
    public String getLastWindow() {
        return Objects.toString(s().lastWindow(), "");
    }

    @Override
    public String getCurrentWindow() {
        return Objects.toString(s().currentWindow(), "");
    }

    @Override
    public String getLearnedLimit() {
        LearnedLimit l = s().learned();
        return l.describe() + (l.measured() ? " (measured from the receiver's renewals)" : "");
    }

    @Override
    public long getParkedMessages() {
        return parked.count(flow.getKey());
    }

    @Override
    public int getInMemoryMessages() {
        return gate.inMemory(flow.getKey());
    }

    @Override
    public String getSmtpConnections() {
        return Objects.toString(smtpConnections.apply(flow.getKey()), "");
    }

    @Override
    public void resetToNormal() {
        flow.resetToNormal("operator (JMX)");
    }

    @Override
    public void setRate(double messagesPerSecond, long seconds) {
        flow.setRate(messagesPerSecond, Duration.ofSeconds(seconds), "operator (JMX)");
    }

    @Override
    public void suspend(long seconds) {
        flow.suspend(Duration.ofSeconds(seconds), "suspended by operator (JMX)");
    }

    @Override
    public String releaseParked() {
        gate.resetSchedule(flow.getKey());
        return parked.release(flow.getKey());
    }
}
