/**
 * Writing results back to the broadlog: the NmsBroadLogMsg catalogue of distinct messages (with occurrence
 * counts), the parameter rows of the batched {@code config/sql/write-result.sql}, and those of
 * {@code config/sql/write-attempts.sql}: every attempt's outcome, for the diagnosis report ({@link
 * io.sluice.broadlog.AttemptLogRows}).
 */
package io.sluice.broadlog;
