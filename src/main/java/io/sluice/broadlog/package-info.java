/**
 * Writing results back to the broadlog: the NmsBroadLogMsg catalogue of distinct messages (with occurrence
 * counts) and the parameter rows of the batched {@code config/sql/write-result.sql}.
 */
package io.sluice.broadlog;
