/**
 * Claiming work: the parameters of one claim (token, lease, batch size) for {@code config/sql/claim.sql}.
 * Exclusivity comes from the database (lease columns + {@code FOR UPDATE SKIP LOCKED}), not from memory,
 * so any number of instances can share one campaign database.
 */
package io.sluice.claim;
