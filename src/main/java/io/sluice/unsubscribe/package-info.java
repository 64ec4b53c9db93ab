/**
 * One-click unsubscribe (RFC 8058, RFC 2369): the signed token naming a recipient and a delivery
 * ({@link io.sluice.unsubscribe.UnsubscribeToken}), the {@code List-Unsubscribe} and {@code List-Unsubscribe-Post}
 * headers of every message ({@link io.sluice.unsubscribe.ListUnsubscribe}), the settings
 * ({@link io.sluice.unsubscribe.UnsubscribeSettings}) and what the endpoint of {@code routes/unsubscribe.camel.yaml}
 * does with a request ({@link io.sluice.unsubscribe.UnsubscribeRequests}): a GET shows a confirmation page and
 * changes nothing, a POST of {@code List-Unsubscribe=One-Click} sets {@code NmsRecipient.iBlackList = 1} and records
 * one {@code SluiceUnsubscribe} row ({@link io.sluice.unsubscribe.UnsubscribeStore}).
 */
package io.sluice.unsubscribe;
