package io.sluice.dkim;

import io.sluice.domains.DomainsDocument;
import io.sluice.message.HeaderText;
import io.sluice.send.SenderCheck;
import io.sluice.send.pool.WireMessage;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sign-message} step (routes/deliver.camel.yaml): signs a rendered {@link WireMessage} with every key of
 * its From domain, and decides what happens to mail whose From domain has none ({@code sluice.dkim.unsigned}):
 * sent unsigned with one WARN per domain, or refused up front (as a {@link SenderCheck} of the message preparer,
 * so the row ends Failed with the reason before anything is rendered).
 */
public final class DkimSigning implements SenderCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DkimSigning.class);

    /**
     * The headers signed when present, in {@code h=} order (issue 19; RFC 6376 5.4.1, RFC 8058 3.1 for the
     * List-Unsubscribe pair, Gmail for Feedback-ID). From is listed once more than it occurs (over-signed), so a
     * second From added on the way breaks the signature.
     */
    static final List<String> SIGNED_HEADERS = List.of("From", "To", "Cc", "Subject", "Date", "Message-ID",
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "List-Unsubscribe", "List-Unsubscribe-Post",
            "Feedback-ID", "Reply-To");
    private static final String OVER_SIGNED = "From";
    /** One WARN per From domain, for at most this many domains (a bounded set, whatever the senders). */
    private static final int MAX_WARNED_DOMAINS = 10_000;

    /** {@code sluice.dkim.unsigned}: what happens to mail whose From domain has no key. */
    public enum Unsigned {
        /** Sent unsigned, one WARN per From domain. */
        SEND,
        /** Not sent: the row fails with "no DKIM key for domain X". */
        FAIL;

        public static Unsigned parse(String value) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "", "send" -> SEND;
                case "fail" -> FAIL;
                default -> throw new IllegalArgumentException("sluice.dkim.unsigned must be send or fail, was '" + value + "'");
            };
        }
    }

    /** The keys and a signer per key, swapped together when the policy is reloaded ({@link #replaceKeys}). */
    private record Keyring(DkimKeys keys, Map<DkimKey, KeySigner> signers) {
        static Keyring of(DkimKeys keys) {
            Map<DkimKey, KeySigner> signers = new IdentityHashMap<>();
            keys.all().forEach(k -> signers.put(k, new KeySigner(k)));
            return new Keyring(keys, Collections.unmodifiableMap(signers));
        }
    }

    private final AtomicReference<Keyring> keyring;
    private final Unsigned unsigned;
    private final String defaultFrom;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param defaultFrom the sender of deliveries without one ({@code sluice.mail.default-from})
     */
    public DkimSigning(DkimKeys keys, Unsigned unsigned, String defaultFrom) {
        this.keyring = new AtomicReference<>(Keyring.of(keys));
        this.unsigned = unsigned;
        this.defaultFrom = defaultFrom;
    }

    /**
     * The wiring in one call: reads the keys of {@code domains.yaml}'s {@code dkim} section (key files relative to
     * {@code configDir}); a bad key stops the start with a message naming the domain and the file.
     */
    public static DkimSigning configure(DomainsDocument domains, Path configDir, String unsignedSetting,
                                        String defaultFrom) {
        return configure(DkimKeys.load(domains.dkim(), configDir), unsignedSetting, defaultFrom);
    }

    /** The wiring in one call, with keys already read (the live policy's). */
    public static DkimSigning configure(DkimKeys keys, String unsignedSetting, String defaultFrom) {
        DkimSigning signing = new DkimSigning(keys, Unsigned.parse(unsignedSetting), defaultFrom);
        signing.keys().all().forEach(k -> LOG.info("DKIM: signing mail from {} with {} selector {} (d={}; TXT record at {})",
                k.domainPattern(), k.algorithm().tag(), k.selector(), k.signingDomain(), k.dnsName()));
        if (signing.keys().isEmpty()) {
            LOG.warn("DKIM: no key in domains.yaml (dkim:); mail goes out {}. Gmail, Yahoo and Outlook.com defer or"
                    + " reject unauthenticated bulk mail: see docs/deliverability.md", signing.unsigned == Unsigned.FAIL
                    ? "nowhere (sluice.dkim.unsigned=fail)" : "unsigned");
        }
        return signing;
    }

    /** The keys, for other code (e.g. a check of the published DNS records). */
    public DkimKeys keys() {
        return keyring.get().keys();
    }

    /**
     * Signs with {@code keys} from the next message on (a reloaded policy's keys, already read and checked); a
     * message being signed now finishes with the keys it started with.
     */
    public void replaceKeys(DkimKeys keys) {
        keyring.set(Keyring.of(keys));
    }

    /** Route step: signs the exchange's body, the rendered message. */
    public void sign(Exchange exchange) throws MessagingException {
        sign(exchange.getMessage().getBody(WireMessage.class));
    }

    /**
     * Signs a rendered message over the bytes that go on the wire, with each key of its From domain, adding the
     * DKIM-Signature headers on top (the first configured key's first). A message whose From domain has no key is
     * left as it is (and counted for the WARN).
     */
    public void sign(WireMessage message) throws MessagingException {
        String domain = domainOf(message.getFrom());
        Keyring ring = keyring.get();
        List<DkimKey> domainKeys = ring.keys().forDomain(domain);
        if (domainKeys.isEmpty()) {
            if (unsigned == Unsigned.FAIL) {
                throw new MessagingException("no DKIM key for domain " + domain); // the preparer refuses these first
            }
            warnUnsigned(domain);
            return;
        }
        byte[] body = message.renderedBody();
        String bodyHash = Base64.getEncoder().encodeToString(RelaxedCanonicalizer.bodyHash(body, 0, body.length));
        List<String> lines = Collections.list(message.getAllHeaderLines());
        StringBuilder names = new StringBuilder(200);
        StringBuilder signed = new StringBuilder(1024);
        selectHeaders(lines, names, signed);
        try {
            for (int i = domainKeys.size() - 1; i >= 0; i--) {
                KeySigner signer = ring.signers().get(domainKeys.get(i));
                message.prependHeader("DKIM-Signature", signer.sign(names.toString(), signed, bodyHash));
            }
        } catch (GeneralSecurityException e) {
            throw new MessagingException("DKIM signing failed for " + domain + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses mail from a domain without a key when {@code sluice.dkim.unsigned = fail}.
     */
    @Override
    public Optional<String> refusal(String mailFrom) {
        if (unsigned != Unsigned.FAIL) {
            return Optional.empty();
        }
        String from = mailFrom == null || mailFrom.isBlank() ? defaultFrom : HeaderText.oneLine(mailFrom);
        String domain;
        try {
            domain = domainOf(new Address[] {new InternetAddress(from)});
        } catch (AddressException e) {
            domain = "";
        }
        return keys().forDomain(domain).isEmpty()
                ? Optional.of("no DKIM key for domain " + (domain.isEmpty() ? "of " + from : domain)
                        + " (sluice.dkim.unsigned=fail)")
                : Optional.empty();
    }

    /**
     * Builds {@code h=} and the signed data: for each name, its instances from the bottom up (RFC 6376 5.4.2), and
     * From once more than it occurs.
     */
    static void selectHeaders(List<String> lines, StringBuilder names, StringBuilder signed) {
        for (String name : SIGNED_HEADERS) {
            int count = 0;
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                if (RelaxedCanonicalizer.name(line).equalsIgnoreCase(name)) {
                    RelaxedCanonicalizer.header(line, signed, true);
                    count++;
                }
            }
            if (name.equals(OVER_SIGNED)) {
                count++;
            }
            for (int i = 0; i < count; i++) {
                names.append(names.length() == 0 ? "" : ":").append(name);
            }
        }
    }

    private void warnUnsigned(String domain) {
        if (warned.size() < MAX_WARNED_DOMAINS && warned.add(domain)) {
            LOG.warn("DKIM: mail from {} goes out unsigned: no key for it in domains.yaml (dkim:), and"
                    + " sluice.dkim.unsigned=send. Gmail, Yahoo and Outlook.com defer or reject unauthenticated bulk"
                    + " mail: see docs/deliverability.md", domain.isEmpty() ? "(no From domain)" : domain);
        }
    }

    private static String domainOf(Address[] from) {
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress a) || a.getAddress() == null) {
            return "";
        }
        String address = a.getAddress();
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "DKIM signing (" + keys() + ", unsigned mail: " + unsigned.name().toLowerCase(Locale.ROOT) + ")";
    }
}
