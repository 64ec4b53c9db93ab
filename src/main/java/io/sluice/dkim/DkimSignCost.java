package io.sluice.dkim;

import io.sluice.domains.DomainsDocument;
import io.sluice.send.pool.WireMessage;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * What Sluice's sign step costs per message against the raw RSA signature inside it, on one thread: the overhead of
 * the step itself (body hash, header selection, canonicalisation, folding), apart from any contention of the
 * pipeline. Usage: {@code java -cp sluice.jar io.sluice.dkim.DkimSignCost [messages]} (default 2,000, three rounds,
 * the last counts). A ~4 KB multipart/alternative newsletter, RSA-2048, the headers Sluice signs.
 */
public final class DkimSignCost {

    private DkimSignCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PrivateKey key = g.generateKeyPair().getPrivate();
        Path dir = Files.createTempDirectory("sluice-dkim-cost");
        try {
            Path pem = dir.resolve("key.pem");
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            DkimKeys keys = DkimKeys.load(DomainsDocument.parse("dkim:\n  sluice.test:\n    selector: cost\n"
                    + "    privateKey: key.pem\n").dkim(), dir);
            DkimSigning signing = new DkimSigning(keys, DkimSigning.Unsigned.SEND, "news@sluice.test");
            Signature raw = Signature.getInstance("SHA256withRSA");
            raw.initSign(key);
            double step = 0;
            double sig = 0;
            for (int round = 0; round < 3; round++) {
                List<WireMessage> messages = messages(n);
                long t0 = System.nanoTime();
                for (WireMessage m : messages) {
                    signing.sign(m);
                }
                step = (System.nanoTime() - t0) / 1e6 / n;
                sig = RsaSignatureRate.run(raw, new byte[1024], 1_000_000_000L);
                sig = 1000.0 / sig;
            }
            System.out.printf("sign step %.3f ms/message; raw RSA-2048 signature %.3f ms; step overhead %.0f %%%n",
                    step, sig, 100 * (step - sig) / sig);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static List<WireMessage> messages(int n) throws Exception {
        Session session = Session.getInstance(new Properties());
        String paragraph = "Hello Ann, this is the paragraph of our newsletter, repeated. ".repeat(30);
        List<WireMessage> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            WireMessage m = new WireMessage(session);
            m.setFrom(new InternetAddress("news@sluice.test"));
            m.setRecipients(Message.RecipientType.TO, "ann" + i + "@example.com");
            m.setSubject("Hello Ann " + i);
            m.setHeader("Message-ID", "<sluice." + i + ".1.cost@sluice.test>");
            m.setHeader("List-Unsubscribe", "<https://u.sluice.test/unsubscribe/" + "A".repeat(43) + i + ">");
            m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(WireMessage.setText(new MimeBodyPart(), paragraph, "text/plain; charset=UTF-8",
                    StandardCharsets.UTF_8));
            alternative.addBodyPart(WireMessage.setText(new MimeBodyPart(), "<p>" + paragraph + "</p>",
                    "text/html; charset=UTF-8", StandardCharsets.UTF_8));
            m.setContent(alternative);
            m.render();
            messages.add(m);
        }
        return messages;
    }
}
