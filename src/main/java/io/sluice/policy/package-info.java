/**
 * The live policy: {@code domains.yaml} and the files layered on it ({@code sluice.domains.files}) re-read while
 * Sluice runs. {@link io.sluice.policy.PolicyFiles} reads the files (and the DKIM key files they name) and hashes
 * them; {@link io.sluice.policy.PolicySnapshot} is one version parsed and validated as a whole (policies, flow control,
 * rules, DKIM keys); {@link io.sluice.policy.LivePolicy} holds the one in force, swaps in a new one only when its hash
 * changed, two reads in a row agree (a file being written is not applied half-way) and it is valid (a bad one keeps
 * the old policy running and is shown as the last error); {@link io.sluice.policy.PolicyDiff} says what changed, one
 * line per change, never key material. {@link io.sluice.policy.PolicyHealthCheck} shows it as a health-check detail.
 */
package io.sluice.policy;
