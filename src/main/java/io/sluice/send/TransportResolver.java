package io.sluice.send;

import io.sluice.domains.DomainPolicies;

/**
 * Picks the SMTP transport of a recipient domain: the domain's {@code transport} in domains.yaml, else the
 * default relay (like Postfix {@code transport_maps}). Returns a camel-mail endpoint URI.
 */
public final class TransportResolver {

    private final DomainPolicies policies;

    public TransportResolver(DomainPolicies policies) {
        this.policies = policies;
    }

    public String endpointUri(String domain) {
        return policies.transportFor(domain).endpointUri();
    }
}
