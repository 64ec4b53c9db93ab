/**
 * The campaign database connection: a pooled {@link javax.sql.DataSource} on PostgreSQL (production) or on
 * the embedded H2 database in PostgreSQL mode (no configuration), and the schema installer behind
 * {@code init-db}.
 */
package io.sluice.db;
