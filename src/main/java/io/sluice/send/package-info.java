/**
 * Sending: which SMTP transport each recipient domain goes to, and the mail headers a message carries on
 * the wire. camel-mail does the SMTP work.
 */
package io.sluice.send;
