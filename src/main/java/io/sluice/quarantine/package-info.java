/**
 * Quarantine and denylist of recipient addresses (Campaign's NmsAddress): counting hard and soft errors and
 * complaints under Campaign's rules, and what the claim and the operators see of it.
 */
package io.sluice.quarantine;
