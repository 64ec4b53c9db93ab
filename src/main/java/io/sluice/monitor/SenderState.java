package io.sluice.monitor;

import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowSnapshot;
import io.sluice.flowcontrol.GlobalSenderState;
import io.sluice.policy.LivePolicy;
import io.sluice.send.UnreachableHosts;

import java.util.Objects;

/** {@link SenderStateMBean} over the registry's sender-wide state. */
public final class SenderState implements SenderStateMBean {

    private final FlowControlRegistry registry;
    private final UnreachableHosts unreachable;
    private final LivePolicy policy;

    public SenderState(FlowControlRegistry registry, UnreachableHosts unreachable, LivePolicy policy) {
        this.registry = registry;
        this.unreachable = unreachable;
        this.policy = policy;
    }

    private GlobalSenderState.Snapshot s() {
        return registry.getSenderState().snapshot();
    }

    @Override
    public String getState() {
        return s().state().name();
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
    public int getHeldBackDomains() {
        return (int) registry.snapshots().stream().filter(FlowSnapshot::heldBack).count();
    }

    @Override
    public int getKnownDomains() {
        return registry.snapshots().size();
    }

    @Override
    public String[] getSkippedMxHosts() {
        return unreachable.skippedNow().entrySet().stream()
                .map(e -> e.getKey() + " until " + e.getValue()).toArray(String[]::new);
    }

    @Override
    public String getPolicyHash() {
        return policy.hash();
    }

    @Override
    public String getPolicyLoadedAt() {
        return policy.loadedAt().toString();
    }

    @Override
    public String getPolicyLastError() {
        return policy.lastError();
    }

    @Override
    public String getPolicyFiles() {
        return policy.files().toString();
    }

    @Override
    public String reloadPolicy() {
        return policy.reload();
    }
}
