package io.sluice.policy;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Health check {@code sluice/policy}: always UP, with the policy in force ({@code policy.hash},
 * {@code policy.loadedAt}) and, when the files hold a rejected version, {@code policy.lastError}. UP on purpose: a bad
 * file keeps the previous policy delivering, so it is no reason to take the instance out of rotation; the detail (and
 * JMX {@code PolicyLastError}, and the ERROR line) tell the operator to fix the file.
 */
public final class PolicyHealthCheck extends AbstractHealthCheck {

    public static final String HASH = "policy.hash";
    public static final String LOADED_AT = "policy.loadedAt";
    public static final String LAST_ERROR = "policy.lastError";

    private final LivePolicy policy;

    public PolicyHealthCheck(LivePolicy policy) {
        super("sluice", "policy");
        this.policy = policy;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail(HASH, policy.hash());
        builder.detail(LOADED_AT, policy.loadedAt().toString());
        String error = policy.lastError();
        if (error.isEmpty()) {
            builder.up().message("policy " + policy.hash() + " in force");
        } else {
            builder.detail(LAST_ERROR, error);
            builder.up().message("policy files rejected, policy " + policy.hash() + " stays in force: " + error);
        }
    }
}
