/**
 * Building messages. Owns the recipient address rules (a deliberately strict subset of RFC 5321/5322:
 * dot-atom ASCII local parts, LDH or IDN domains, no quoted strings, no domain literals, no SMTPUTF8) and
 * their mapping to Campaign's failure reasons 7 "Address not specified" and 15 "Unqualified address"
 * ({@link io.sluice.message.RecipientAddress#check(String)}); the claimed row and the template model
 * (built by {@link io.sluice.send.MessagePreparer}); Message-IDs that encode the broadlog id; header-safe text.
 */
package io.sluice.message;

