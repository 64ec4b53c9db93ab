package io.sluice.result;

/**
 * A delivery-log message as stored in NmsBroadLogMsg: the normalised text (the grouping key), the raw text of
 * this occurrence, and its qualification.
 */
public record BroadlogMessage(String text, String rawText, FailureType type, FailureReason reason) {
}
