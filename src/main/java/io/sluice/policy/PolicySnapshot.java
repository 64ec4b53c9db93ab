package io.sluice.policy;

import io.sluice.dkim.DkimKeys;
import io.sluice.domains.DomainPolicies;
import io.sluice.domains.DomainsDocument;
import io.sluice.flowcontrol.FlowControlSettings;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of the policy, parsed and validated as a whole: the merged document, the destinations' policies, the
 * flow-control settings (with the reply rules), the DKIM keys (read and checked: a missing or short key makes the
 * whole version invalid) and the hash of the files it was read from. Immutable.
 *
 * @param hash     SHA-256 (hex) of the files and key files ({@link PolicyFiles.Contents#hash()})
 * @param loadedAt when this version came into force
 */
public record PolicySnapshot(DomainsDocument document, DomainPolicies policies, FlowControlSettings flow,
                             DkimKeys dkim, String hash, Instant loadedAt) {

    public PolicySnapshot {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(dkim, "dkim");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    /**
     * Parses and validates what {@code files} read.
     *
     * @throws IllegalArgumentException naming the file and the key (or the DKIM key file) when anything is invalid
     */
    public static PolicySnapshot of(PolicyFiles files, PolicyFiles.Contents contents, Instant loadedAt) {
        if (contents.problem() != null) {
            throw new IllegalArgumentException(contents.problem());
        }
        DomainsDocument document = DomainsDocument.load(contents.texts());
        try {
            DomainPolicies policies = DomainPolicies.of(document);
            FlowControlSettings flow = FlowControlSettings.of(document);
            DkimKeys dkim = DkimKeys.load(document.dkim(), files.configDir());
            return new PolicySnapshot(document, policies, flow, dkim, contents.hash(), loadedAt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid domain policy in " + files + ": " + e.getMessage(), e);
        }
    }

    /** The first 12 hex digits of the hash, as logs and JMX show it. */
    public String shortHash() {
        return hash.substring(0, 12);
    }
}
